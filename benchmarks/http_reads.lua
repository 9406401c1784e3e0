-- wrk script for benchmarks/http_reads.py (not meant to be run on its own).
--
--   wrk -t2 -c16 -d10s -s benchmarks/http_reads.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE holds one request path per line ("/api/v1/products/?page=2"); every connection
-- cycles through them, each wrk thread from a different offset, so a query mix is spread
-- evenly. A line may carry a Cookie header after a tab ("/hoi-cho/x/ve/<TAB>sessionid=…"):
-- a signed-in visitor's request (benchmarks/signed_in_pages.py). With a second argument "unique"
-- every request carries its own X-Forwarded-Host, which the exchange ignores
-- (USE_X_FORWARDED_HOST is off) but the shared response cache's key reads: no answer is a hit,
-- every one is rendered (`http_reads.py --response-cache miss`). done() prints one line
-- "HTTP_READS_JSON {...}" with the request count, the duration, the errors and the latency
-- percentiles (microseconds) over every thread, which the Python driver parses.

local paths = {}
local cookies = {}
local cursor = 0
local next_id = 0
local unique = false
local sent = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then
      local path, cookie = line:match("^([^\t]*)\t(.*)$")
      paths[#paths + 1] = path or line
      cookies[#paths] = cookie
    end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  unique = args[2] == "unique"
  -- `id` is set by setup(); spread the threads over the mix
  cursor = ((id or 0) * 7919) % #paths
end

function request()
  cursor = cursor % #paths + 1
  local cookie = cookies[cursor]
  local headers = { ["Accept"] = "application/json" }
  if cookie then
    headers = { ["Accept"] = "text/html", ["Cookie"] = cookie }
  end
  if unique then
    sent = sent + 1
    headers["X-Forwarded-Host"] = "miss-" .. (id or 0) .. "-" .. sent
  end
  return wrk.format("GET", paths[cursor], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'HTTP_READS_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean
  ))
end
