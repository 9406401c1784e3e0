"""Page reads: the public site's product, search, category and storefront pages under gunicorn
as shipped, measured with wrk beside `/healthz` in the same run (the ratio survives a noisy
machine), plus the product page's weight before pictures.

One command (PostgreSQL of your own, migrated and loaded, e.g. `manage.py demo_load`, and for
100k products `python -m benchmarks.search.catalogue --products 100000 --index`):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB \
        .venv/bin/python benchmarks/page_reads.py [--duration 10] [--rounds 3] [--json FILE]

It is benchmarks/http_reads.py with page paths: the same gunicorn start (shipped
gunicorn.conf.py, DJANGO_DEBUG=false, throttles raised), the same wrk script and report. As
shipped, an anonymous page is kept in the shared response cache under the write generation
(web/caching.py, D198; name CACHE_URL=redis://… for the shipped Redis cache), so a repeated path
is a hit; `--miss` sets API_RESPONSE_CACHE_SECONDS=0 and every page is rendered (the miss path).
Results and method: docs/benchmarks.md, "Page reads".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http_reads import (  # noqa: E402
    THROTTLE,
    free_port,
    load_average,
    start_server,
    stop_server,
    summarise,
    wrk,
)

# issue 15: p95 ≤ 50 ms for product and search pages at 100k products; ≤ 200 kB before pictures
P95_GOAL_MS = 50
WEIGHT_GOAL = 200_000
GOAL_PAGES = ("product", "search")


def build_paths(count: int, seed: int) -> tuple[dict[str, list[str]], dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.search.run import build_mix
    from catalog.models import Category, Product
    from catalog.selectors import product_public_filter
    from marketplace.selectors import vendor_list_public

    rng = random.Random(seed)
    public = Product.objects.filter(product_public_filter())
    total = public.count()
    last = public.order_by("-id").values_list("id", flat=True).first() or 0
    slugs: list[str] = []
    while len(slugs) < min(count, total):  # random ids, not the first rows
        start = rng.randint(1, max(1, last))
        slugs += public.filter(id__gte=start).order_by("id").values_list("slug", flat=True)[:5]
    search: list[str] = []
    for kind, query in build_mix(count, seed):
        if kind == "suggest":
            continue
        params: dict[str, Any] = {"q": query.q}
        for name in ("category", "province", "ocop_stars_min", "price_min", "price_max"):
            if getattr(query, name) is not None:
                params[name] = getattr(query, name)
        search.append("/tim-kiem/?" + urlencode(params))
    categories = list(Category.objects.values_list("slug", flat=True))
    vendors = list(vendor_list_public().values_list("slug", flat=True)[:200])
    facts = {"products_public": total, "categories": len(categories), "search_queries": len(search)}
    connection.close()
    return {
        "healthz": ["/healthz"],
        "product": [f"/san-pham/{slug}/" for slug in slugs[:count]],
        "search": search,
        "category": [f"/danh-muc/{slug}/" for slug in categories],
        "storefront": [f"/gian-hang/{slug}/" for slug in vendors],
    }, facts


def fetch(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept": "text/html"}
    )
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
        return r.status, r.read(), dict(r.headers)


def page_weight(port: int, path: str) -> dict[str, int]:
    """The HTML and what it loads before pictures (stylesheets, scripts), in bytes."""
    _status, html, _headers = fetch(port, path)
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assets += re.findall(r'<script src="([^"]+)"', text)
    weight = {"html": len(html)}
    for asset in assets:
        weight[asset] = len(fetch(port, urlsplit(asset).path)[1])
    weight["total"] = sum(weight.values())
    return weight


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--paths", type=int, default=200, help="products and searches each")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--miss",
        action="store_true",
        help="render every page (API_RESPONSE_CACHE_SECONDS=0: no shared page cache)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--only", help="pages to measure besides healthz, e.g. product,search")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")
    if not args.database_url:
        raise SystemExit("name the database: DATABASE_URL=postgres://… or --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if args.database_url.startswith("postgres") and host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only this machine's database is used; {host!r} is not 127.0.0.1")
    os.environ["DATABASE_URL"] = args.database_url
    started, load_before = time.monotonic(), load_average()
    paths, facts = build_paths(args.paths, args.seed)
    if args.only:
        wanted = {"healthz", *args.only.split(",")}
        paths = {name: lines for name, lines in paths.items() if name in wanted}
    facts["page_cache"] = "off (--miss)" if args.miss else "on (as shipped)"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_ANON": THROTTLE,
        "THROTTLE_USER": THROTTLE,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    if args.miss:
        env["API_RESPONSE_CACHE_SECONDS"] = "0"
    workdir = Path(tempfile.mkdtemp(prefix="page_reads-"))
    files = {}
    for name, lines in paths.items():
        random.Random(args.seed).shuffle(lines)
        files[name] = workdir / f"{name}.txt"
        files[name].write_text("\n".join(lines) + "\n")
    log = workdir / "gunicorn.log"
    env["STATIC_ROOT"] = str(workdir / "static")  # whitenoise serves the collected files
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=env,
        check=True,
    )
    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}; data {facts}")
    print(f"load: wrk -t{args.threads} -c{args.connections}, {args.duration} s per path, "
          f"{args.rounds} rounds")  # fmt: skip
    labels = {
        "healthz": "`/healthz`",
        "product": f"`/san-pham/<slug>/` ({len(paths.get('product', []))} products)",
        "search": f"`/tim-kiem/?q=…` ({len(paths.get('search', []))}-query mix)",
        "category": f"`/danh-muc/<slug>/` ({len(paths.get('category', []))} categories)",
        "storefront": f"`/gian-hang/<slug>/` ({len(paths.get('storefront', []))} storefronts)",
    }
    rounds: list[dict[str, dict[str, Any]]] = []
    server = None
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        port = args.port or free_port()
        server = start_server(env, port, log, None)
        for name, lines in paths.items():
            status, body, headers = fetch(port, lines[0])
            print(f"check {name}: {lines[0]} -> {status}, {len(body):,} bytes, "
                  f"Cache-Control {headers.get('Cache-Control')}")  # fmt: skip
        product = paths.get("product", ["/"])  # the home page when products are not measured
        weight = page_weight(port, product[0])
        for name in paths:
            wrk(port, files[name], seconds=args.warmup, connections=args.connections,
                threads=args.threads, master=server.pid, log=log)  # fmt: skip
        for number in range(1, args.rounds + 1):
            result: dict[str, dict[str, Any]] = {}
            for name in paths:
                result[name] = wrk(port, files[name], seconds=args.duration,
                                   connections=args.connections, threads=args.threads,
                                   master=server.pid, log=log)  # fmt: skip
                result[name]["ratio"] = result[name]["rps"] / result["healthz"]["rps"]
            rounds.append(result)
            print(f"round {number}: " + ", ".join(
                f"{n} {r['rps']:.0f} req/s p95 {r['p95_ms']} ms" for n, r in result.items()
            ))  # fmt: skip
    finally:
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summarise(rounds)
    print(f"\nmedian of {len(rounds)} rounds; load average after {load_average()}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    print("| page | req/s | p50 ms | p95 ms | p99 ms | / healthz | CPU ms/req: gunicorn, "
          "PostgreSQL | errors | goal (issue 15: p95 ≤ 50 ms) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for name, s in summary.items():
        met = ("met" if s["p95_ms"] <= P95_GOAL_MS else "not met") if name in GOAL_PAGES else ""
        print(f"| {labels[name]} | {s['rps']:,.0f} | {s['p50_ms']} | {s['p95_ms']} | "
              f"{s['p99_ms']} | {s['ratio']:.1%} | {s['cpu_ms']}, {s['db_cpu_ms']} | "
              f"{s['errors']} | {met} |")  # fmt: skip
    verdict = "met" if weight["total"] <= WEIGHT_GOAL else "not met"
    print(f"\nproduct page weight before pictures: {weight} ({verdict}: ≤ {WEIGHT_GOAL:,} bytes)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"facts": facts, "rounds": rounds, "summary": summary, "weight": weight}, indent=2
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
