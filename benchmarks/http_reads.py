"""HTTP reads: the public lists and search under gunicorn as shipped, measured with wrk.

One command (PostgreSQL and Redis of your own; the database migrated and loaded first, e.g.
`manage.py demo_load`, then `python -m benchmarks.search.catalogue --products 100000 --index`):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB CACHE_URL=redis://127.0.0.1:PORT/1 \
        .venv/bin/python benchmarks/http_reads.py [--duration 10] [--rounds 3] [--json FILE]

It needs `wrk` (Debian: `apt-get install -y wrk`, package 4.1.0 in bookworm). A full fair
fill for the fairs list: `python -m benchmarks.search.catalogue --products 0 --fairs 60`.
Results and method: docs/benchmarks.md, "HTTP reads".

What it does, bounded in time and talking only to 127.0.0.1:

1. builds the request paths from the database it is given: the search query mix of
   `benchmarks.search.run.build_mix` (narrow, broad, filtered, faceted and typo queries as
   `/api/v1/search/products/` parameters; its suggest prefixes for `/api/v1/search/suggest/`)
   and the deep page (`page=500`, or the last full page when the catalogue has fewer);
2. starts gunicorn with the shipped `gunicorn.conf.py` (3 sync workers unless WEB_CONCURRENCY
   says otherwise, max_requests 20000, access log on) on a free port of 127.0.0.1, with
   `DJANGO_DEBUG=false` and the anonymous and user throttle limits raised through the settings'
   own variables THROTTLE_ANON and THROTTLE_USER (the throttles still run and still count in
   the cache; they just never refuse), and the shared response cache (D89) as shipped or, with
   `--response-cache off`, turned off so every request renders (the miss path);
3. checks every path answers 200 (and 20 rows for the lists), warms every path up with wrk;
4. runs `wrk -t2 -c16` for a fixed duration per path, round by round, `/healthz` first in each
   round, and prints req/s, p50/p95/p99 per path and the ratio to `/healthz` of the same round
   (the ratio is the figure that holds on a shared machine), the CPU per request of gunicorn
   and of the PostgreSQL backends (from /proc: the least noisy figure), the errors and the
   workers gunicorn (re)started in the window, then the median over the rounds;
5. stops gunicorn (its whole process group) whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().with_suffix(".lua")
THROTTLE = "1000000/min"
LISTS = ("products", "vendors", "fairs")
# issue 11's goals: (req/s, p95 ms, share of /healthz)
GOALS = dict.fromkeys((*LISTS, "products_deep"), (400, 50, 0.25))
GOALS["search"] = (200, None, None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _ticks(pid: int, first: int, last: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        # after the ")": state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based)
        return sum(int(x) for x in f.read().rsplit(")", 1)[1].split()[first:last])


def database_cpu() -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend serving this database (the web workers' persistent
    connections), read from /proc: the database is on this machine. Empty if not readable."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    ticks = {}
    for pid in pids:
        try:
            ticks[pid] = _ticks(pid, 11, 13)
        except OSError:  # not ours to read, or gone
            continue
    return ticks


def boots(log: Path) -> int:
    """Workers gunicorn has started so far (its log says so for each)."""
    return log.read_text(errors="replace").count("Booting worker") if log.exists() else 0


def server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn: the master, its live workers and the workers it has
    reaped (max_requests recycling). Neighbours on the machine barely change this figure."""
    total = _ticks(master, 11, 15)
    for task in Path(f"/proc/{master}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                total += _ticks(int(child), 11, 13)
            except OSError:  # exited meanwhile: counted in the master's cutime next time
                continue
    return total / os.sysconf("SC_CLK_TCK")


# --- the paths -------------------------------------------------------------------------------


def build_paths(queries: int, seed: int) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Every benchmarked path (name -> request paths cycled by wrk) and facts about the data."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.search.run import build_mix
    from catalog.models import Product
    from catalog.selectors import product_public_filter
    from fairs.models import Fair
    from marketplace.models import Vendor

    public = Product.objects.filter(product_public_filter()).count()
    deep = max(1, min(500, public // 20))  # a full page: 500, or the last full one
    search: list[str] = []
    suggest: list[str] = []
    for kind, query in build_mix(queries, seed):
        if kind == "suggest":
            suggest.append("/api/v1/search/suggest/?" + urlencode({"q": query}))
            continue
        params: dict[str, Any] = {"q": query.q}
        for name in ("category", "province", "vendor_type", "ocop_stars_min"):
            if getattr(query, name) is not None:
                params[name] = getattr(query, name)
        for name in ("price_min", "price_max"):
            if getattr(query, name) is not None:
                params[name] = getattr(query, name)
        if not query.with_facets:
            params["facets"] = "false"
        search.append("/api/v1/search/products/?" + urlencode(params))
    facts = {
        "products": Product.objects.count(),
        "products_public": public,
        "vendors": Vendor.objects.count(),
        "fairs": Fair.objects.count(),
        "deep_page": deep,
        "search_queries": len(search),
        "suggest_queries": len(suggest),
        "postgres": connection.vendor == "postgresql"
        and connection.cursor().connection.info.server_version,
    }
    connection.close()
    paths = {
        "healthz": ["/healthz"],
        "products": ["/api/v1/products/"],
        "vendors": ["/api/v1/vendors/"],
        "fairs": ["/api/v1/fairs/"],
        "products_deep": [f"/api/v1/products/?page={deep}"],
        "search": search,
        "suggest": suggest,
    }
    return paths, facts


# --- the server --------------------------------------------------------------------------------


def start_server(
    env: dict[str, str], port: int, log: Path, max_requests: int | None
) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "marketplace.wsgi:application",
        "--config",
        str(ROOT / "gunicorn.conf.py"),  # as shipped; only the address is changed
        "--bind",
        f"127.0.0.1:{port}",
        # gunicorn 27 opens a control socket under ~/.gunicorn by default; one per run here,
        # so that runs (or other gunicorns) on the same machine do not take each other's
        "--control-socket",
        str(log.parent / "gunicorn.ctl"),
    ]
    if max_requests is not None:
        cmd += ["--max-requests", str(max_requests)]
    with open(log, "ab") as out:
        server = subprocess.Popen(  # noqa: S603
            cmd, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def check(port: int, name: str, path: str) -> str:
    """One request: it must answer 200, and a list 20 rows."""
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
            body = r.read()
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{name}: {path} answered {exc.code}") from exc
    data = json.loads(body)
    rows = len(data["results"]) if isinstance(data, dict) and "results" in data else None
    if name in (*LISTS, "products_deep") and rows != 20:
        raise SystemExit(f"{name}: {path} gave {rows} rows, not 20 (load more data)")
    return f"{len(body):,} bytes" + (f", {rows} rows" if rows is not None else "")


# --- the load generator ------------------------------------------------------------------------


def wrk(
    port: int,
    paths_file: Path,
    *,
    seconds: int,
    connections: int,
    threads: int,
    master: int,
    log: Path,
) -> dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
    ]
    cpu_before, db_before, boots_before = server_cpu(master), database_cpu(), boots(log)
    out = subprocess.run(  # noqa: S603
        cmd, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    cpu, db_after = server_cpu(master) - cpu_before, database_cpu()
    booted = boots(log) - boots_before
    # a backend that ended during the run loses its last share (rare: workers recycled)
    db_cpu = sum(t - db_before.get(pid, 0) for pid, t in db_after.items())
    db_cpu /= os.sysconf("SC_CLK_TCK")
    for line in out.stdout.splitlines():
        if line.startswith("HTTP_READS_JSON "):
            raw = json.loads(line.split(" ", 1)[1])
            break
    else:
        raise RuntimeError(f"wrk gave no result ({out.returncode}): {out.stdout}{out.stderr}")
    seconds_run = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(lat["p50"] / 1000, 1),
        "p95_ms": round(lat["p95"] / 1000, 1),
        "p99_ms": round(lat["p99"] / 1000, 1),
        "max_ms": round(lat["max"] / 1000, 1),
        "cpu_ms": round(cpu * 1000 / raw["requests"], 2) if raw["requests"] else 0.0,
        "db_cpu_ms": round(db_cpu * 1000 / raw["requests"], 2) if raw["requests"] else 0.0,
        "errors": {k: v for k, v in raw["errors"].items() if v},
        # workers started during the window (max_requests recycling): their start-up CPU
        # lands in this window's gunicorn CPU
        "boots": booted,
    }


# --- report ----------------------------------------------------------------------------------


def summarise(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for name in rounds[0]:
        rs = [r[name] for r in rounds if name in r]
        summary[name] = {
            "rps": round(statistics.median(x["rps"] for x in rs), 1),
            "rps_min": min(x["rps"] for x in rs),
            "rps_max": max(x["rps"] for x in rs),
            "p50_ms": round(statistics.median(x["p50_ms"] for x in rs), 1),
            "p95_ms": round(statistics.median(x["p95_ms"] for x in rs), 1),
            "p99_ms": round(statistics.median(x["p99_ms"] for x in rs), 1),
            "cpu_ms": round(statistics.median(x["cpu_ms"] for x in rs), 2),
            "db_cpu_ms": round(statistics.median(x["db_cpu_ms"] for x in rs), 2),
            "ratio": round(statistics.median(x["ratio"] for x in rs), 4),
            "errors": sum(sum(x["errors"].values()) for x in rs),
            "boots": sum(x["boots"] for x in rs),
        }
    return summary


def goal(name: str, s: dict[str, Any]) -> str:
    if name not in GOALS:
        return ""
    rps, p95, ratio = GOALS[name]
    ok = s["rps"] >= rps
    ok = ok and (p95 is None or s["p95_ms"] <= p95)
    ok = ok and (ratio is None or s["ratio"] >= ratio)
    return "met" if ok else "not met"


def print_table(title: str, rows: dict[str, dict[str, Any]], labels: dict[str, str]) -> None:
    print(f"\n{title}")
    print(
        "| path | req/s | p50 ms | p95 ms | p99 ms | / healthz | CPU ms/req: gunicorn, "
        "PostgreSQL | errors | worker boots | goal (issue 11) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s in rows.items():
        rps = f"{s['rps']:,.0f}"
        if "rps_min" in s:
            rps += f" ({s['rps_min']:,.0f}–{s['rps_max']:,.0f})"
        errors = s["errors"] if isinstance(s["errors"], int) else sum(s["errors"].values())
        print(
            f"| {labels[name]} | {rps} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{s['ratio']:.1%} | {s['cpu_ms']}, {s['db_cpu_ms']} | {errors} | {s['boots']} | "
            f"{goal(name, s)} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds per path before")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--queries", type=int, default=400, help="search mix size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--only", help="comma-separated path names (healthz always runs)")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="override the shipped max_requests (0: never recycle workers); default as shipped",
    )
    parser.add_argument(
        "--response-cache",
        choices=("on", "off"),
        default="on",
        help="the shared response cache (D89) as shipped (on: repeated paths are served from "
        "it) or off (API_RESPONSE_CACHE_SECONDS=0: every request renders, the miss path)",
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep-log", action="store_true", help="keep gunicorn's log")
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk (Debian), or brew install wrk")
    if not args.database_url:
        raise SystemExit("name the database: DATABASE_URL=postgres://… or --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if args.database_url.startswith("postgres") and host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only this machine's database is used; {host!r} is not 127.0.0.1")
    started = time.monotonic()
    load_before = load_average()
    os.environ["DATABASE_URL"] = args.database_url
    if args.cache_url:
        os.environ["CACHE_URL"] = args.cache_url
    paths, facts = build_paths(args.queries, args.seed)
    if args.only:
        wanted = {"healthz", *args.only.split(",")}
        paths = {k: v for k, v in paths.items() if k in wanted}
    labels = {
        "healthz": "`/healthz`",
        "products": "`/api/v1/products/`",
        "vendors": "`/api/v1/vendors/`",
        "fairs": "`/api/v1/fairs/`",
        "products_deep": f"`/api/v1/products/?page={facts['deep_page']}`",
        "search": f"`/api/v1/search/products/?q=…` ({facts['search_queries']}-query mix)",
        "suggest": f"`/api/v1/search/suggest/?q=…` ({facts['suggest_queries']} prefixes)",
    }

    secret = secrets.token_urlsafe(40)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_ANON": THROTTLE,
        "THROTTLE_USER": THROTTLE,
        "PYTHONPATH": str(ROOT),
    }
    if args.response_cache == "off":
        env["API_RESPONSE_CACHE_SECONDS"] = "0"
    env.pop("GUNICORN_CMD_ARGS", None)
    workdir = Path(tempfile.mkdtemp(prefix="http_reads-"))
    files: dict[str, Path] = {}
    for name, lines in paths.items():
        random.Random(args.seed).shuffle(lines)
        files[name] = workdir / f"{name}.txt"
        files[name].write_text("\n".join(lines) + "\n")
    log = workdir / "gunicorn.log"

    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}")
    print(f"database: {urlsplit(args.database_url)._replace(netloc=host).geturl()} {facts}")
    print(f"cache: {args.cache_url or 'the shipped default (local memory, per process)'}")
    print(
        f"gunicorn: {ROOT / 'gunicorn.conf.py'} as shipped (WEB_CONCURRENCY="
        f"{os.environ.get('WEB_CONCURRENCY', 'unset: 3 sync workers')}), bind 127.0.0.1 only"
        + ("" if args.max_requests is None else f", max_requests {args.max_requests}")
    )
    print(
        "response cache (D89): "
        + (
            "on, as shipped"
            if args.response_cache == "on"
            else "off (API_RESPONSE_CACHE_SECONDS=0)"
        )
    )
    print(
        f"throttle limits raised for this run: THROTTLE_ANON={THROTTLE} THROTTLE_USER={THROTTLE} "
        "(marketplace/settings.py; shipped defaults 600/min and 1200/min)"
    )
    print(
        f"load: wrk -t{args.threads} -c{args.connections}, {args.duration:g} s per path per "
        f"round, {args.rounds} rounds, {args.warmup:g} s warm-up per path"
    )

    rounds: list[dict[str, dict[str, Any]]] = []
    server = None
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for attempt in range(3):
            port = args.port or free_port()
            try:
                server = start_server(env, port, log, args.max_requests)
                break
            except RuntimeError as exc:
                print(f"gunicorn on {port}: {exc}", file=sys.stderr)
                if attempt == 2 or args.port:
                    raise
        for name, lines in paths.items():
            print(f"check {name}: {lines[0]} -> {check(port, name, lines[0])}")
        for name in paths:
            wrk(port, files[name], seconds=args.warmup, connections=args.connections,
                threads=args.threads, master=server.pid, log=log)  # fmt: skip
        for number in range(1, args.rounds + 1):
            result: dict[str, dict[str, Any]] = {}
            for name in paths:
                result[name] = wrk(
                    port,
                    files[name],
                    seconds=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                    master=server.pid,
                    log=log,
                )
                result[name]["ratio"] = result[name]["rps"] / result["healthz"]["rps"]
            rounds.append(result)
            print_table(f"round {number} (load average {load_average()})", result, labels)
    finally:
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        booted = boots(log)
        if args.keep_log:
            print(f"gunicorn log kept: {log}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    load_after = load_average()
    summary = summarise(rounds)
    print_table(f"median of {len(rounds)} rounds (min–max req/s)", summary, labels)
    print(
        f"\nload average after {load_after}; worker boots {booted} (3 at start, the rest "
        f"max_requests recycling); {time.monotonic() - started:.0f} s in all"
    )
    if args.json:
        report = {
            "facts": facts,
            "config": vars(args) | {"database_url": None, "cache_url": None, "throttle": THROTTLE},
            "load_average": {"before": load_before, "after": load_after},
            "worker_boots": booted,
            "rounds": rounds,
            "summary": summary,
        }
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
