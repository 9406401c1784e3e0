"""The database backends' index compared with what it should hold (search_check).

Every visible row's entry columns, built afresh from its document, against the entry table,
both walked in id order (search.backends.compare), so any catalogue size fits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from search import documents
from search.backends.compare import Differences, merge_compare
from search.backends.database.entries import (
    PRODUCT_ENTRY_FIELDS,
    VENDOR_ENTRY_FIELDS,
    product_entry_fields,
    vendor_entry_fields,
)
from search.models import ProductEntry, VendorEntry

PRODUCTS, VENDORS = "products", "vendors"


def _entry_columns(kind: str) -> list[str]:
    columns = PRODUCT_ENTRY_FIELDS if kind == PRODUCTS else VENDOR_ENTRY_FIELDS
    return [c for c in columns if c != "indexed_at"]


def _expected_entries(kind: str, chunk_size: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    columns = _entry_columns(kind)
    if kind == PRODUCTS:
        for docs in documents.iter_product_documents(chunk_size):
            for doc in docs:
                if doc["visible"]:
                    entry = product_entry_fields(doc)
                    yield doc["id"], tuple(entry[c] for c in columns)
    else:
        for docs in documents.iter_vendor_documents(chunk_size):
            for doc in docs:
                if doc["visible"]:
                    entry = vendor_entry_fields(doc)
                    yield doc["id"], tuple(entry[c] for c in columns)


def _indexed_entries(kind: str, chunk_size: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    model: Any = ProductEntry if kind == PRODUCTS else VendorEntry
    key = "product_id" if kind == PRODUCTS else "vendor_id"
    columns = _entry_columns(kind)
    last = 0
    while True:
        rows = list(
            model.objects.filter(**{f"{key}__gt": last})
            .order_by(key)
            .values_list(key, *columns)[:chunk_size]
        )
        if not rows:
            return
        for row in rows:
            yield row[0], tuple(row[1:])
        last = rows[-1][0]


def check(*, chunk_size: int = documents.DEFAULT_CHUNK) -> dict[str, Differences]:
    """The differences between the entry tables and the database, per kind."""
    return {
        kind: merge_compare(
            kind, _expected_entries(kind, chunk_size), _indexed_entries(kind, chunk_size)
        )
        for kind in (PRODUCTS, VENDORS)
    }
