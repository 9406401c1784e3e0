"""Writes of the search app: marking rows whose search document changed.

Every service that changes what search shows calls one of these inside its own transaction.
The queue row commits (or rolls back) with the change itself; after commit the indexing task is
scheduled once per transaction, and a periodic task catches up whatever it missed (a worker
down, Elasticsearch down).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from marketplace.models import Vendor
from search.models import IndexKind, IndexQueue
from search.tasks import search_index_dirty_task

_BATCH = 1000


def _schedule_index() -> None:
    search_index_dirty_task.delay()


def _schedule_after_commit() -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _schedule_index()
        return
    # One task per transaction however many rows it marked.
    if any(func is _schedule_index for _, func, _robust in connection.run_on_commit):
        return
    # robust: a failing task (broker or search down) never turns a committed write into an error.
    transaction.on_commit(_schedule_index, robust=True)


def _mark(kind: str, ids: Iterable[int]) -> int:
    unique = sorted({int(i) for i in ids if i is not None})
    if not unique:
        return 0
    now = timezone.now()
    for start in range(0, len(unique), _BATCH):
        IndexQueue.objects.bulk_create(
            [
                IndexQueue(kind=kind, object_id=i, queued_at=now)
                for i in unique[start : start + _BATCH]
            ],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["queued_at", "attempts"],
        )
    _schedule_after_commit()
    return len(unique)


def search_mark_products_dirty(*, product_ids: Iterable[int]) -> int:
    """Queue these products for (re)indexing; returns how many were marked."""
    return _mark(IndexKind.PRODUCT, product_ids)


def search_mark_vendors_dirty(*, vendor_ids: Iterable[int], with_products: bool = False) -> int:
    """Queue these storefronts; `with_products` also queues all their products (a storefront's
    status or name is part of its products' documents)."""
    vendor_ids = sorted({int(i) for i in vendor_ids})
    marked = _mark(IndexKind.VENDOR, vendor_ids)
    if with_products and vendor_ids:
        marked += _mark(
            IndexKind.PRODUCT,
            Product.objects.filter(vendor_id__in=vendor_ids).values_list("id", flat=True),
        )
    return marked


@transaction.atomic
def search_mark_all_dirty() -> int:
    """Queue every product and storefront (after a bulk load that bypassed the services)."""
    return _mark(IndexKind.VENDOR, Vendor.objects.values_list("id", flat=True)) + _mark(
        IndexKind.PRODUCT, Product.objects.values_list("id", flat=True)
    )
