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


def _expected_entries(kind: str, chunk_size: int) -> Iterator[tuple[int, str]]:
    from search import documents
    from search.backends.database import product_entry_fields, vendor_entry_fields

    if kind == PRODUCTS:
        for docs in documents.iter_product_documents(chunk_size):
            for doc in docs:
                if doc["visible"]:
                    yield doc["id"], _entry_token(product_entry_fields(doc))
    else:
        for docs in documents.iter_vendor_documents(chunk_size):
            for doc in docs:
                if doc["visible"]:
                    yield doc["id"], _entry_token(vendor_entry_fields(doc))


def _entry_token(fields: dict[str, Any]) -> str:
    return "\x1f".join(str(fields[k]) for k in sorted(fields))


def _indexed_entries(kind: str, chunk_size: int) -> Iterator[tuple[int, str]]:
    from search.models import ProductEntry, VendorEntry

    if kind == PRODUCTS:
        model: Any = ProductEntry
        key, fields = "product_id", ["body_folded", "fairs", "name_folded", "name_lower"]
    else:
        model = VendorEntry
        key, fields = "vendor_id", ["body_folded", "name_folded", "name_lower"]
    last = 0
    while True:
        rows = list(
            model.objects.filter(**{f"{key}__gt": last})
            .order_by(key)
            .values_list(key, *fields)[:chunk_size]
        )
        if not rows:
            return
        for row in rows:
            yield row[0], "\x1f".join(str(v) for v in row[1:])
        last = rows[-1][0]


def check_database(chunk_size: int) -> dict[str, Any]:
    from search.backends.elasticsearch.reindex import merge_compare

    return {
        kind: merge_compare(
            kind, _expected_entries(kind, chunk_size), _indexed_entries(kind, chunk_size)
        )
        for kind in (PRODUCTS, VENDORS)
    }
