"""What search_reindex and search_check share: choosing the backend, counting both sides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.management.base import CommandParser

import search
from search.base import SearchBackend

PRODUCTS, VENDORS = "products", "vendors"


def add_backend_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--backend",
        choices=["database", "elasticsearch"],
        help="The backend to work on (default: SEARCH_BACKEND).",
    )


def chosen_backend(options: dict[str, Any]) -> SearchBackend:
    return search.backend(options.get("backend"))


def is_elasticsearch(backend: SearchBackend) -> bool:
    return backend.name == "elasticsearch"


def visible_counts() -> dict[str, int]:
    """What every index must hold: published products of approved storefronts, approved
    storefronts."""
    from catalog.models import Product
    from catalog.selectors import product_public_filter
    from marketplace.models import Vendor, VendorStatus

    return {
        PRODUCTS: Product.objects.filter(product_public_filter()).count(),
        VENDORS: Vendor.objects.filter(status=VendorStatus.APPROVED).count(),
    }


def indexed_counts(backend: SearchBackend) -> dict[str, int]:
    if is_elasticsearch(backend):
        es = backend.es  # type: ignore[attr-defined]
        result = {}
        for kind in (PRODUCTS, VENDORS):
            alias = backend.alias(kind)  # type: ignore[attr-defined]
            es.indices.refresh(index=alias)
            result[kind] = int(es.count(index=alias)["count"])
        return result
    from search.models import ProductEntry, VendorEntry

    return {PRODUCTS: ProductEntry.objects.count(), VENDORS: VendorEntry.objects.count()}


# -- the database backends' index, compared with what it should hold --------------------------


def _entry_columns(kind: str) -> list[str]:
    from search.backends.database import PRODUCT_ENTRY_FIELDS, VENDOR_ENTRY_FIELDS

    columns = PRODUCT_ENTRY_FIELDS if kind == PRODUCTS else VENDOR_ENTRY_FIELDS
    return [c for c in columns if c != "indexed_at"]


def _expected_entries(kind: str, chunk_size: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from search import documents
    from search.backends.database import product_entry_fields, vendor_entry_fields

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
    from search.models import ProductEntry, VendorEntry

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


def check_database(chunk_size: int) -> dict[str, Any]:
    from search.backends.elasticsearch.reindex import merge_compare

    return {
        kind: merge_compare(
            kind, _expected_entries(kind, chunk_size), _indexed_entries(kind, chunk_size)
        )
        for kind in (PRODUCTS, VENDORS)
    }
