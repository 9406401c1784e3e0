"""Elasticsearch query latency: p50/p95 of the query mix, server-side and client-side.

    DATABASE_URL=… ELASTICSEARCH_URL=… .venv/bin/python -m benchmarks.search.es_queries \
        --prefix bench100k [--queries 600] [--warmup 60] [--seed 7] [--json FILE]

The mix is the one every backend is measured with (benchmarks.search.run.build_mix: narrow,
broad, filtered, faceted, typo, suggest). For each backend call two figures are kept:

- server: the sum of Elasticsearch's own `took` over the requests the call made (a product
  search is two: the vocabulary probe for typos, then the query; a suggestion is two, products
  and storefronts): the time inside the cluster;
- client: the whole `search_products()` / `suggest()` call as the API sees it, including the
  HTTP round trips, JSON, the highlight drawing and the facet labels read from the database.

Index it first: `python -m benchmarks.search.es_indexing --keep bench100k`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from benchmarks.search.catalogue import _setup
from benchmarks.search.run import _percentile, build_mix


def measure(prefix: str, queries: int, warmup: int, seed: int) -> dict[str, Any]:
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(prefix=prefix, fallback="none")
    took: list[int] = []
    original = backend.es.search

    def search(*args: Any, **kwargs: Any) -> Any:
        response = original(*args, **kwargs)
        took.append(int(response["took"]))
        return response

    backend.es.search = search  # type: ignore[method-assign]
    count = int(backend.es.count(index=backend.alias("products"))["count"])
    mix = build_mix(queries + warmup, seed)
    server: dict[str, list[float]] = {}
    client: dict[str, list[float]] = {}
    for i, (kind, query) in enumerate(mix):
        took.clear()
        started = time.perf_counter()
        if kind == "suggest":
            backend.suggest(query)
        else:
            backend.search_products(query)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            client.setdefault(kind, []).append(elapsed)
            server.setdefault(kind, []).append(float(sum(took)))
    report: dict[str, Any] = {"indexed_products": count, "queries": queries, "classes": {}}

    def stats(values: list[float]) -> dict[str, float]:
        return {
            "p50": round(statistics.median(values), 1),
            "p95": round(_percentile(values, 95), 1),
            "max": round(max(values), 1),
        }

    for kind in sorted(client):
        report["classes"][kind] = {
            "n": len(client[kind]),
            "server_ms": stats(server[kind]),
            "client_ms": stats(client[kind]),
        }
    report["all"] = {
        "server_ms": stats([v for vs in server.values() for v in vs]),
        "client_ms": stats([v for vs in client.values() for v in vs]),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, help="index prefix built by es_indexing")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args()
    _setup()
    report = measure(args.prefix, args.queries, args.warmup, args.seed)
    print(f"{report['indexed_products']:,} products indexed, {report['queries']} queries")
    print(f"{'class':<10} {'n':>4}  server p50/p95 ms   client p50/p95 ms")
    rows = [*report["classes"].items(), ("all", {"n": report["queries"], **report["all"]})]
    for kind, row in rows:
        s, c = row["server_ms"], row["client_ms"]
        print(
            f"{kind:<10} {row['n']:>4}  {s['p50']:>7.1f} / {s['p95']:<7.1f}   "
            f"{c['p50']:>7.1f} / {c['p95']:<7.1f}"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)


if __name__ == "__main__":
    main()
