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
   `--response-cache off`, turned off so every request renders, or with `--response-cache miss`
   on but never hit (each request carries its own key: the answer is rendered, while the
   counts kept under the write generation serve as in production);
3. checks every path answers 200 (and 20 rows for the lists), warms every path up with wrk;
4. runs `wrk -t2 -c16` for a fixed duration per path, round by round, `/healthz` first in each
   round, and prints req/s, p50/p95/p99 per path and the ratio to `/healthz` of the same round
   (the ratio is the figure that holds on a shared machine), the CPU per request of gunicorn
   and of the PostgreSQL backends (from /proc: the least noisy figure), the errors and the
   workers gunicorn (re)started in the window, then the median over the rounds;
5. stops gunicorn (its whole process group) whatever happens.

The machinery (gunicorn, wrk, CPU, tables) is benchmarks/wrk_bench.py, shared with
page_reads.py and trace_reads.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# `x as x`: names other scripts took from here before benchmarks/wrk_bench.py existed
# (benchmarks/signed_in_pages.py), still importable from this module.
from benchmarks.wrk_bench import (
    THROTTLE,
    add_arguments,
    boots,
    checked_setup,
    load_average,
    print_table,
    server_env,
    session,
    setup_django,
    summarise,
)
from benchmarks.wrk_bench import free_port as free_port
from benchmarks.wrk_bench import start_server as start_server
from benchmarks.wrk_bench import stop_server as stop_server
from benchmarks.wrk_bench import wrk as wrk

LISTS = ("products", "vendors", "fairs")
# issue 11's goals: (req/s, p95 ms, share of /healthz)
GOALS = dict.fromkeys((*LISTS, "products_deep"), (400, 50, 0.25))
GOALS["search"] = (200, None, None)


# --- the paths -------------------------------------------------------------------------------


def build_paths(queries: int, seed: int) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Every benchmarked path (name -> request paths cycled by wrk) and facts about the data."""
    setup_django()
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


# --- checks -----------------------------------------------------------------------------------


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


# --- report ----------------------------------------------------------------------------------


def goal(name: str, s: dict[str, Any]) -> str:
    if name not in GOALS:
        return ""
    rps, p95, ratio = GOALS[name]
    ok = s["rps"] >= rps
    ok = ok and (p95 is None or s["p95_ms"] <= p95)
    ok = ok and (ratio is None or s["ratio"] >= ratio)
    return "met" if ok else "not met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser, connections=16)
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--queries", type=int, default=400, help="search mix size")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--only", help="comma-separated path names (healthz always runs)")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="override the shipped max_requests (0: never recycle workers); default as shipped",
    )
    parser.add_argument(
        "--response-cache",
        choices=("on", "off", "miss"),
        default="on",
        help="the shared response cache (D89) as shipped (on: repeated paths are served from "
        "it), off (API_RESPONSE_CACHE_SECONDS=0: every request renders, nothing kept) or miss "
        "(on, but every request has its own key: every answer renders, the counts kept under "
        "the write generation serve as in production)",
    )
    parser.add_argument("--keep-log", action="store_true", help="keep gunicorn's log")
    args = parser.parse_args()
    args.unique = args.response_cache == "miss"

    started = time.monotonic()
    load_before = checked_setup(args)
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
    extra = {"API_RESPONSE_CACHE_SECONDS": "0"} if args.response_cache == "off" else {}
    env = server_env(**extra)
    host = urlsplit(args.database_url).hostname or ""

    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}")
    print(f"database: {urlsplit(args.database_url)._replace(netloc=host).geturl()} {facts}")
    print(f"cache: {args.cache_url or 'the shipped default (local memory, per process)'}")
    print(
        f"gunicorn: gunicorn.conf.py as shipped (WEB_CONCURRENCY="
        f"{os.environ.get('WEB_CONCURRENCY', 'unset: 3 sync workers')}), bind 127.0.0.1 only"
        + ("" if args.max_requests is None else f", max_requests {args.max_requests}")
    )
    print(
        "response cache (D89): "
        + {
            "on": "on, as shipped",
            "off": "off (API_RESPONSE_CACHE_SECONDS=0)",
            "miss": "on, every request its own key (X-Forwarded-Host, which only the cache "
            "key reads): every answer rendered, the kept counts used",
        }[args.response_cache]
    )
    print(
        f"throttle limits raised for this run: THROTTLE_ANON={THROTTLE} THROTTLE_USER={THROTTLE} "
        "(marketplace/settings.py; shipped defaults 600/min and 1200/min)"
    )
    print(
        f"load: wrk -t{args.threads} -c{args.connections}, {args.duration:g} s per path per "
        f"round, {args.rounds} rounds, {args.warmup:g} s warm-up per path"
    )

    def show(number: int, result: dict[str, Any]) -> None:
        title = f"round {number} (load average {load_average()})"
        print_table(title, result, labels, goal=goal, goal_title="goal (issue 11)")

    with session(
        paths,
        env,
        seed=args.seed,
        prefix="http_reads",
        port=args.port,
        max_requests=args.max_requests,
        keep_log=args.keep_log,
    ) as run:
        for name, lines in paths.items():
            print(f"check {name}: {lines[0]} -> {check(run.port, name, lines[0])}")
        rounds = run.rounds(args, show)
        booted = boots(run.log)
    load_after = load_average()
    summary = summarise(rounds)
    title = f"median of {len(rounds)} rounds (min–max req/s)"
    print_table(title, summary, labels, goal=goal, goal_title="goal (issue 11)")
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
