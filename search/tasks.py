"""Search background jobs: index what the services queued (search.models.IndexQueue)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db.models import F, Q

import search
from search.base import SearchBackend
from search.models import IndexKind, IndexQueue

log = logging.getLogger(__name__)


def search_index_dirty(*, batch_size: int | None = None, max_batches: int = 100) -> int:
    """Index queued rows batch by batch; returns how many queue rows were processed.

    A queue row is removed only if its `queued_at` is still the one read before indexing, so a
    change that lands while a batch is being indexed stays queued for the next run. When the
    backend is down (Elasticsearch unreachable) the rows stay and the next run retries them.
    When it is up but a batch fails anyway (a row it cannot take), the batch is retried row by
    row: the others go through, and the failing rows stay queued with their `attempts` counted,
    behind the rows that never failed, so they cannot block the queue.
    """
    batch_size = batch_size or settings.SEARCH_INDEX_BATCH_SIZE
    done = 0
    for _ in range(max_batches):
        rows = list(
            IndexQueue.objects.order_by("attempts", "queued_at", "id").values_list(
                "id", "kind", "object_id", "queued_at"
            )[:batch_size]
        )
        if not rows:
            break
        backend = search.backend()
        try:
            _index(backend, rows)
        except Exception:
            if not _up(backend):
                log.warning("search is down; %d updates stay queued", len(rows), exc_info=True)
                break
            log.warning("a search batch failed; retrying it row by row", exc_info=True)
            rows = _index_one_by_one(backend, rows)
        if not rows:
            break  # every row of the batch failed alone: leave them for the next run
        # Marks of one transaction share their queued_at: group by it to keep the query small.
        by_time: dict[datetime.datetime, list[int]] = {}
        for pk, _, _, queued_at in rows:
            by_time.setdefault(queued_at, []).append(pk)
        taken = Q()
        for queued_at, pks in by_time.items():
            taken |= Q(queued_at=queued_at, pk__in=pks)
        IndexQueue.objects.filter(taken).delete()
        done += len(rows)
        if len(rows) < batch_size:
            break
    return done


Row = tuple[int, str, int, datetime.datetime]


def _up(backend: SearchBackend) -> bool:
    try:
        return backend.ping()
    except Exception:
        return False


def _index(backend: SearchBackend, rows: list[Row]) -> None:
    vendor_ids = [oid for _, kind, oid, _ in rows if kind == IndexKind.VENDOR]
    product_ids = [oid for _, kind, oid, _ in rows if kind == IndexKind.PRODUCT]
    if vendor_ids:
        backend.index_vendors(vendor_ids)
    if product_ids:
        backend.index_products(product_ids)


def _index_one_by_one(backend: SearchBackend, rows: list[Row]) -> list[Row]:
    """Index each row alone; returns the rows that went through, counts the others' attempts."""
    done: list[Row] = []
    for row in rows:
        try:
            _index(backend, [row])
        except Exception:
            log.error("search could not index %s %s", row[1], row[2], exc_info=True)
            IndexQueue.objects.filter(pk=row[0]).update(attempts=F("attempts") + 1)
        else:
            done.append(row)
    return done


@shared_task(ignore_result=True)
def search_index_dirty_task() -> int:
    """After each write that marked rows, and every minute to catch up. Idempotent."""
    return search_index_dirty()
