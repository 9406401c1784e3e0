"""Outage drill: stop Elasticsearch, change products through the services, start it again, and
show that the periodic catch-up indexes every change with no manual step and nothing lost.

    DATABASE_URL=… ELASTICSEARCH_URL=… .venv/bin/python -m benchmarks.search.outage_drill \
        --prefix bench100k [--changes 1000] \
        [--stop "benchmarks/search/es_local.sh stop"] \
        [--start "benchmarks/search/es_local.sh start"]

1. The index under --prefix must match the database (search_check is run first).
2. Elasticsearch is stopped (--stop), for real: the process ends.
3. --changes published products are renamed, one `catalog.services.products.product_update`
   each (its own transaction, audit row, queue row), with tasks run inline as in development:
   each write's after-commit indexing attempt fails and leaves the row queued. Every write must
   succeed.
4. Searches meanwhile are answered by the database fallback (one is made and checked).
5. Elasticsearch is started (--start); the periodic task (`search_index_dirty_task`, every
   minute under celery beat) is run as beat would, timed, until the queue is empty.
6. search_check must be clean: zero lost, zero stale. Prints a summary and JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import time
from typing import Any

from benchmarks.search.catalogue import _setup


def sh(command: str) -> None:
    subprocess.run(command, shell=True, check=True)  # noqa: S602 - an operator-given command


def drill(prefix: str, changes: int, stop: str, start: str, seed: int) -> dict[str, Any]:
    from django.conf import settings

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    settings.ELASTICSEARCH_FALLBACK = "database"

    import search
    from catalog.models import Product
    from catalog.selectors import product_public_filter
    from catalog.services.products import product_update
    from marketplace.models import User
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.backends.elasticsearch.reindex import check
    from search.base import ProductQuery
    from search.models import IndexQueue
    from search.tasks import search_index_dirty_task

    backend = ElasticsearchBackend()
    before = check(backend)
    if not all(d.clean for d in before.values()):
        raise SystemExit(f"the index does not match the database before the drill: {before}")
    IndexQueue.objects.all().delete()
    actor, _ = User.objects.get_or_create(
        email="drill@bench.local", defaults={"is_moderator": True}
    )
    rng = random.Random(seed)
    ids = list(Product.objects.filter(product_public_filter()).values_list("id", flat=True))
    chosen = rng.sample(ids, changes)

    print(f"stopping Elasticsearch: {stop}")
    sh(stop)
    assert not backend.ping(), "Elasticsearch still answers after --stop"

    write_ms: list[float] = []
    stamp = f"drill{int(time.time())}"
    for n, pid in enumerate(chosen):
        product = Product.objects.get(pk=pid)
        started = time.perf_counter()
        product_update(product=product, actor=actor, name=f"{product.name} {stamp}")
        write_ms.append((time.perf_counter() - started) * 1000)
        if (n + 1) % 200 == 0:
            print(f"  {n + 1:,} products changed while Elasticsearch is down")
    queued = IndexQueue.objects.filter(kind="product").count()
    during = search.backend().search_products(ProductQuery(q=stamp, page_size=5))
    answered_by = getattr(during, "backend", "?")

    print(f"starting Elasticsearch: {start}")
    down_until = time.monotonic()
    sh(start)
    while not backend.ping():
        time.sleep(0.5)
    up_after = time.monotonic() - down_until

    started = time.monotonic()
    runs = 0
    while IndexQueue.objects.exists():
        search_index_dirty_task()  # what celery beat runs every minute
        runs += 1
    catch_up = time.monotonic() - started
    backend.refresh()
    after = check(backend)
    found = backend.search_products(ProductQuery(q=stamp, page_size=1)).total
    return {
        "products": len(ids),
        "changed": changes,
        "write_failures": 0,
        "write_ms_p50": round(statistics.median(write_ms), 1),
        "write_ms_p95": round(sorted(write_ms)[int(0.95 * (len(write_ms) - 1))], 1),
        "queued_while_down": queued,
        "search_while_down": {"answered_by": answered_by, "hits": during.total},
        "seconds_until_elasticsearch_answered": round(up_after, 1),
        "catch_up_seconds": round(catch_up, 2),
        "catch_up_task_runs": runs,
        "found_after": found,
        "lost": len(after["products"].missing),
        "stale": len(after["products"].stale),
        "extra": len(after["products"].extra),
        "check_clean": all(d.clean for d in after.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--stop", default="benchmarks/search/es_local.sh stop")
    parser.add_argument("--start", default="benchmarks/search/es_local.sh start")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    _setup()
    result = drill(args.prefix, args.changes, args.stop, args.start, args.seed)
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)
    if not result["check_clean"] or result["found_after"] != args.changes:
        raise SystemExit("the drill lost or mis-indexed changes")


if __name__ == "__main__":
    main()
