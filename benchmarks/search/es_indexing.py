"""Indexing throughput into Elasticsearch: this backend's full reindex against the same
catalogue indexed the way django-elasticsearch-dsl does it, in the same run, and the ratio.

    DATABASE_URL=… ELASTICSEARCH_URL=… .venv/bin/python -m benchmarks.search.es_indexing \
        [--ded-python /tmp/bench-venv/bin/python] [--keep PREFIX] [--json FILE]

Ours: `search.backends.elasticsearch.reindex.rebuild` into a fresh index (documents built by
search.documents with a few set-based queries per chunk of 2,000 ids, bulk-written in chunks of
500 with refresh off and no replicas during the load); the products phase is timed from the
first chunk read to the last chunk written. Theirs: benchmarks/search/ded_indexing.py, run
with the given interpreter (a separate virtualenv holding django-elasticsearch-dsl), both with
sequential bulk and with its parallel_bulk option. `--keep PREFIX` leaves our index in place
under that prefix for `benchmarks.search.es_queries`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from typing import Any

from benchmarks.search.catalogue import _setup


def ours(prefix: str) -> dict[str, Any]:
    from search.backends.elasticsearch import ElasticsearchBackend, indices
    from search.backends.elasticsearch.reindex import rebuild

    backend = ElasticsearchBackend(prefix=prefix, fallback="none")
    indices.drop_all(backend.es, prefix)
    marks: dict[str, list[float]] = {}

    def progress(kind: str, done: int, total: int) -> None:
        marks.setdefault(kind, [time.perf_counter(), 0.0, 0])
        marks[kind][1] = time.perf_counter()
        marks[kind][2] = done

    started = time.perf_counter()
    report = rebuild(backend, progress=progress)
    total = time.perf_counter() - started
    first, last, done = marks["products"]
    return {
        "way": "giaothuong (search_reindex)",
        "products": report.products,
        "seconds": round(last - first, 2),
        "per_second": round(done / (last - first)),
        "whole_rebuild_seconds": round(total, 2),
    }


def theirs(python: str, parallel: bool) -> dict[str, Any]:
    cmd = [python, "-m", "benchmarks.search.ded_indexing"] + (["--parallel"] if parallel else [])
    out = subprocess.run(  # noqa: S603 - the interpreter the operator named
        cmd, check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ded-python", default="/tmp/bench-venv/bin/python")  # noqa: S108
    parser.add_argument("--keep", help="leave our index under this prefix")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    _setup()
    from search.backends.elasticsearch import indices

    prefix = args.keep or f"bench-{int(time.time())}"
    rows = [ours(prefix)]
    if not args.keep:
        indices.drop_all(indices.client(), prefix)
    if args.ded_python:
        rows.append(theirs(args.ded_python, parallel=False))
        rows.append(theirs(args.ded_python, parallel=True))
    for row in rows:
        ratio = rows[0]["per_second"] / row["per_second"]
        print(
            f"{row['way']:<38} {row['products']:>9,} products {row['seconds']:>8.1f} s "
            f"{row['per_second']:>8,}/s  ours is {ratio:.1f}x"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
