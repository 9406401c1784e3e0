"""The database index kept current beside Elasticsearch (ELASTICSEARCH_FALLBACK=database): it
answers searches while the cluster is down (backend.py), so every write the Elasticsearch
backend makes is mirrored there, and when the cluster stops answering the indexing queue's
backlog is brought into it."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Exists, OuterRef

from catalog.models import Product
from catalog.selectors import product_public_filter
from marketplace.models import Vendor, VendorStatus
from search import database_backend
from search.backends.elasticsearch import indices
from search.models import IndexKind, IndexQueue, ProductEntry, VendorEntry

log = logging.getLogger(__name__)


def mirror(kind: str, ids: list[int]) -> None:
    """Index these rows in the database index too."""
    db = database_backend()
    if kind == indices.PRODUCTS:
        db.index_products(ids)
    else:
        db.index_vendors(ids)


def mirror_delete(kind: str, ids: list[int]) -> None:
    db = database_backend()
    if kind == indices.PRODUCTS:
        db.delete_products(ids)
    else:
        db.delete_vendors(ids)


def mirror_backlog(limit: int = 2000) -> None:
    """The cluster is down: the indexing task stops at its first, oldest batch, so bring the
    database index (what answers meanwhile) up to date with the rest of the queue, at most
    `limit` rows of each kind per attempt. Rows whose entry is newer than their queue time
    are done already; a row with nothing to show and nothing to remove is skipped."""
    db = database_backend()
    kinds: list[tuple[str, Any, str, Any]] = [
        (
            IndexKind.PRODUCT,
            ProductEntry,
            "product_id",
            Product.objects.filter(product_public_filter()),
        ),
        (
            IndexKind.VENDOR,
            VendorEntry,
            "vendor_id",
            Vendor.objects.filter(status=VendorStatus.APPROVED),
        ),
    ]
    try:
        for queue_kind, entry, key, public in kinds:
            entries = entry.objects.filter(**{key: OuterRef("object_id")})
            fresh = entries.filter(indexed_at__gte=OuterRef("queued_at"))
            ids = list(
                IndexQueue.objects.filter(kind=queue_kind)
                .filter(~Exists(fresh))
                .filter(Exists(public.filter(pk=OuterRef("object_id"))) | Exists(entries))
                .order_by("queued_at")
                .values_list("object_id", flat=True)[:limit]
            )
            if ids and queue_kind == IndexKind.PRODUCT:
                db.index_products(ids)
            elif ids:
                db.index_vendors(ids)
    except Exception:  # the original failure matters more; this is best effort
        log.warning("could not bring the database fallback index up to date", exc_info=True)
