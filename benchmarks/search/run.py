"""The search query-mix runner: p50/p95 of the backend call, server-side.

    DATABASE_URL=… .venv/bin/python -m benchmarks.search.run \
        [--backend database|elasticsearch] [--queries 600] [--warmup 60] [--seed 7] [--json FILE] \
        [--no-peer]

Draws a realistic mix from the catalogue in the database (generate it first with
`python -m benchmarks.search.catalogue`):

- narrow: the first words of a real product name, with or without diacritics
  ("Mật ong rừng Tam Đảo", "che bup tim thanh ba");
- broad: one or two common words ("mat ong", "chè", "gao");
- filtered: a broad query plus one or two product-list filters (province, category,
  ocop_stars_min, price range, vendor type);
- faceted: a broad or narrow query with every facet (the API's default);
- typo: a narrow query with one letter doubled;
- suggest: the first word and a half of a narrow query, through `suggest()`.

Only facets of the faceted class are computed (`with_facets=False` elsewhere). Each query's
backend call is timed with `time.perf_counter()`; nothing of the HTTP layer is included.

The same-run naive peer: right after each backend call, the same text goes to a plain
`name__icontains` match over the public products of the same database (the newest 20 and the
count; 10 names for a suggestion; no filters, facets, folding or ranking), which is what a first
version without a search backend would do. Its p50/p95 and the ratio backend / peer are reported
next to the backend's, so the figure reads as a ratio that holds on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from typing import Any

from benchmarks.search.catalogue import BROAD_QUERIES, _setup


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_mix(n: int, seed: int) -> list[tuple[str, Any]]:
    from catalog.models import Category, Product
    from catalog.selectors import product_public_filter
    from core.text import fold
    from search.base import ProductQuery

    rng = random.Random(seed)
    public = Product.objects.filter(product_public_filter())
    max_id = public.order_by("-id").values_list("id", flat=True).first() or 0
    names: list[str] = []
    while len(names) < 200 and max_id:
        pick = rng.randint(1, max_id)
        row = public.filter(id__gte=pick).order_by("id").values_list("name", flat=True).first()
        if row:
            names.append(row.split(" – ")[0])
    provinces = list(public.values_list("origin_province_id", flat=True).distinct())
    roots = list(Category.objects.filter(parent=None).values_list("slug", flat=True))

    def narrow() -> str:
        words = rng.choice(names).split()
        q = " ".join(words[: rng.randint(2, 4)])
        return fold(q) if rng.random() < 0.5 else q

    def broad() -> str:
        return rng.choice(BROAD_QUERIES)

    def filters() -> dict[str, Any]:
        options: list[dict[str, Any]] = [
            {"province": rng.choice(provinces)},
            {"category": rng.choice(roots)},
            {"ocop_stars_min": rng.choice([3, 4, 5])},
            {"price_min": 50_000, "price_max": 300_000},
            {"vendor_type": rng.choice(["cooperative", "household", "enterprise"])},
        ]
        chosen: dict[str, Any] = {}
        for f in rng.sample(options, rng.randint(1, 2)):
            chosen.update(f)
        return chosen

    def typo() -> str:
        words = narrow().split()
        i = max(range(len(words)), key=lambda j: len(words[j]))
        w = words[i]
        k = rng.randrange(1, len(w)) if len(w) > 1 else 0
        words[i] = w[:k] + w[k - 1] + w[k:] if k else w
        return " ".join(words)

    kinds = (
        ["narrow"] * 3 + ["broad"] * 2 + ["filtered"] * 2 + ["faceted"] * 2 + ["typo", "suggest"]
    )
    mix: list[tuple[str, Any]] = []
    for _ in range(n):
        kind = rng.choice(kinds)
        if kind == "narrow":
            mix.append((kind, ProductQuery(q=narrow(), with_facets=False)))
        elif kind == "broad":
            mix.append((kind, ProductQuery(q=broad(), with_facets=False)))
        elif kind == "filtered":
            mix.append((kind, ProductQuery(q=broad(), with_facets=False, **filters())))
        elif kind == "faceted":
            q = broad() if rng.random() < 0.5 else narrow()
            mix.append((kind, ProductQuery(q=q, with_facets=True)))
        elif kind == "typo":
            mix.append((kind, ProductQuery(q=typo(), with_facets=False)))
        else:
            words = narrow().split()
            prefix = words[0] + (" " + words[1][:2] if len(words) > 1 else "")
            mix.append((kind, prefix))
    return mix


def naive_peer(kind: str, query: Any) -> int:
    """The naive peer: a plain `name__icontains` over the public products, nothing else."""
    from catalog.models import Product
    from catalog.selectors import product_public_filter

    text = query if kind == "suggest" else query.q
    qs = Product.objects.filter(product_public_filter(), name__icontains=text)
    if kind == "suggest":
        return len(list(qs.order_by("name").values_list("name", flat=True)[:10]))
    rows = list(qs.order_by("-published_at", "-id").values_list("id", "name", "price")[:20])
    return qs.count() + len(rows)


def _stats(ts: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(ts), 1),
        "p95_ms": round(_percentile(ts, 95), 1),
        "max_ms": round(max(ts), 1),
    }


def run(
    backend_name: str, queries: int, warmup: int, seed: int, peer: bool = True
) -> dict[str, Any]:
    import search
    from catalog.models import Product

    backend = search.backend(backend_name)
    mix = build_mix(queries + warmup, seed)
    timings: dict[str, list[float]] = {}
    peer_timings: dict[str, list[float]] = {}
    hits = 0
    for i, (kind, query) in enumerate(mix):
        started = time.perf_counter()
        if kind == "suggest":
            hits += len(backend.suggest(query))
        else:
            hits += backend.search_products(query).total
        elapsed = (time.perf_counter() - started) * 1000
        if peer:
            started = time.perf_counter()
            hits += naive_peer(kind, query)
            peer_elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            timings.setdefault(kind, []).append(elapsed)
            if peer:
                peer_timings.setdefault(kind, []).append(peer_elapsed)
    every = [t for ts in timings.values() for t in ts]
    report: dict[str, Any] = {
        "backend": backend.name,
        "products": Product.objects.count(),
        "queries": len(every),
        "classes": {},
    }
    for kind, ts in sorted(timings.items()):
        report["classes"][kind] = {"n": len(ts), **_stats(ts)}
        if peer:
            report["classes"][kind]["peer"] = _stats(peer_timings[kind])
    report["all"] = _stats(every)
    if peer:
        peer_every = [t for ts in peer_timings.values() for t in ts]
        report["all"]["peer"] = _stats(peer_every)
        report["peer"] = "name__icontains over the public products, same run, same queries"
    return report


def _peer_columns(r: dict[str, Any]) -> str:
    if "peer" not in r:
        return ""
    p = r["peer"]
    ratio = r["p50_ms"] / p["p50_ms"] if p["p50_ms"] else 0.0
    return f" {p['p50_ms']} | {p['p95_ms']} | {ratio:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default=None, help="database or elasticsearch")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the report to this file")
    parser.add_argument("--no-peer", action="store_true", help="skip the naive icontains peer")
    args = parser.parse_args()
    _setup()
    load_before = [round(x, 2) for x in os.getloadavg()]
    report = run(args.backend, args.queries, args.warmup, args.seed, peer=not args.no_peer)
    report["load_average"] = {
        "before": load_before,
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"backend {report['backend']}, {report['products']:,} products, {report['queries']} queries"
        f"; load average {report['load_average']['before']} -> {report['load_average']['after']}"
    )
    head = "| class | n | p50 ms | p95 ms | max ms |"
    rule = "|---|---|---|---|---|"
    if not args.no_peer:
        head += " peer p50 ms | peer p95 ms | p50 backend / peer |"
        rule += "---|---|---|"
        print(f"peer: {report['peer']}")
    print(f"{head}\n{rule}")
    for kind, r in report["classes"].items():
        print(
            f"| {kind} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |"
            + _peer_columns(r)
        )
    a = report["all"]
    print(
        f"| **all** | {report['queries']} | {a['p50_ms']} | {a['p95_ms']} | {a['max_ms']} |"
        + _peer_columns(a)
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
