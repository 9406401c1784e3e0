"""Page reads: the public site's product, search, category and storefront pages under gunicorn
as shipped, measured with wrk beside `/healthz` in the same run (the ratio survives a noisy
machine), plus the product page's weight before pictures.

One command (PostgreSQL of your own, migrated and loaded, e.g. `manage.py demo_load`, and for
100k products `python -m benchmarks.search.catalogue --products 100000 --index`):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB \
        .venv/bin/python benchmarks/page_reads.py [--duration 10] [--rounds 3] [--json FILE]

It is benchmarks/http_reads.py with page paths, on the same machinery (benchmarks/wrk_bench.py:
shipped gunicorn.conf.py, DJANGO_DEBUG=false, throttles raised; one wrk script and report). As
shipped, an anonymous page is kept in the shared response cache under the write generation
(web/caching.py, D198; name CACHE_URL=redis://… for the shipped Redis cache), so a repeated path
is a hit; `--miss` sets API_RESPONSE_CACHE_SECONDS=0 and every page is rendered (the miss path).
`--only product,search` measures those pages (and `/healthz`) only; `--port` picks gunicorn's.
Results and method: docs/benchmarks.md, "Page reads".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
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

from benchmarks.wrk_bench import (  # noqa: E402
    add_arguments,
    checked_setup,
    load_average,
    print_table,
    server_env,
    session,
    setup_django,
    summarise,
)

# issue 15: p95 ≤ 50 ms for product and search pages at 100k products; ≤ 200 kB before pictures
P95_GOAL_MS = 50
WEIGHT_GOAL = 200_000
GOAL_PAGES = ("product", "search")


def build_paths(count: int, seed: int) -> tuple[dict[str, list[str]], dict[str, Any]]:
    setup_django()
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


def goal(name: str, s: dict[str, Any]) -> str:
    if name not in GOAL_PAGES:
        return ""
    return "met" if s["p95_ms"] <= P95_GOAL_MS else "not met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser, connections=8)
    parser.add_argument("--paths", type=int, default=200, help="products and searches each")
    parser.add_argument(
        "--miss",
        action="store_true",
        help="render every page (API_RESPONSE_CACHE_SECONDS=0: no shared page cache)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--only", help="pages to measure besides healthz, e.g. product,search")
    args = parser.parse_args()
    started, load_before = time.monotonic(), checked_setup(args)
    paths, facts = build_paths(args.paths, args.seed)
    if args.only:
        wanted = {"healthz", *args.only.split(",")}
        paths = {name: lines for name, lines in paths.items() if name in wanted}
    facts["page_cache"] = "off (--miss)" if args.miss else "on (as shipped)"
    env = server_env(**({"API_RESPONSE_CACHE_SECONDS": "0"} if args.miss else {}))
    env["STATIC_ROOT"] = tempfile.mkdtemp(prefix="page_reads-static-")
    subprocess.run(  # noqa: S603  whitenoise serves the collected files
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

    def show(number: int, result: dict[str, Any]) -> None:
        print(f"round {number}: " + ", ".join(
            f"{n} {r['rps']:.0f} req/s p95 {r['p95_ms']} ms" for n, r in result.items()
        ))  # fmt: skip

    try:
        with session(paths, env, seed=args.seed, prefix="page_reads", port=args.port) as run:
            for name, lines in paths.items():
                status, body, headers = fetch(run.port, lines[0])
                print(f"check {name}: {lines[0]} -> {status}, {len(body):,} bytes, "
                      f"Cache-Control {headers.get('Cache-Control')}")  # fmt: skip
            # the home page when products are not measured
            weight = page_weight(run.port, paths.get("product", ["/"])[0])
            rounds = run.rounds(args, show)
    finally:
        shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    summary = summarise(rounds)
    print(f"\nmedian of {len(rounds)} rounds; load average after {load_average()}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    print_table(
        "",
        summary,
        labels,
        goal=goal,
        goal_title=f"goal (issue 15: p95 ≤ {P95_GOAL_MS} ms)",
        with_boots=False,
    )
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
