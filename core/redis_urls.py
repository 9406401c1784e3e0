"""Redis URLs for the test suite's parallel workers (D238)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# Databases 0-2 are the ones a single process uses (the compose stack and CI: cache 1, broker 2);
# worker N takes 3 + 2N (cache) and 4 + 2N (broker). Redis has 16 databases by default: 6 workers.
FIRST_WORKER_DATABASE = 3


def redis_database_for_worker(url: str, worker: str, kind: int) -> str:
    """`url` with its database number replaced by worker `gwN`'s own (kind 0: cache, 1: broker);
    anything that is not a redis:// URL, or a worker name that is not gwN, is returned as is."""
    if not url.startswith(("redis://", "rediss://")) or not worker.startswith("gw"):
        return url
    try:
        number = int(worker[2:])
    except ValueError:
        return url
    parts = urlsplit(url)
    database = FIRST_WORKER_DATABASE + 2 * number + kind
    return urlunsplit(parts._replace(path=f"/{database}"))
