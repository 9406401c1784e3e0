"""Redis URLs for the test suite's parallel workers (D238)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

# Databases 0-2 are the ones a single process uses (the compose stack and CI: cache 1, broker 2);
# worker N takes 3 + 2N (cache) and 4 + 2N (broker). Redis has 16 databases by default: 6 workers.
FIRST_WORKER_DATABASE = 3


def redis_database_for_worker(url: str, kind: int, worker: str | None = None) -> str:
    """`url` with its database number replaced by test worker `gwN`'s own (kind 0: cache,
    1: broker). The worker is the one pytest-xdist names in PYTEST_XDIST_WORKER; outside a
    worker, or for anything that is not a redis:// URL, `url` is returned as is. For the broker
    the variable CELERY_BROKER_URL is rewritten too: Celery reads it before its settings
    (celery.app.utils.Settings.broker_url)."""
    from_environment = worker is None
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") if worker is None else worker
    if not url.startswith(("redis://", "rediss://")) or not worker.startswith("gw"):
        return url
    try:
        number = int(worker[2:])
    except ValueError:
        return url
    parts = urlsplit(url)
    database = FIRST_WORKER_DATABASE + 2 * number + kind
    moved = urlunsplit(parts._replace(path=f"/{database}"))
    if kind == 1 and from_environment:
        os.environ["CELERY_BROKER_URL"] = moved
    return moved
