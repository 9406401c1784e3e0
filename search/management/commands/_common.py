"""What search_reindex and search_check share: choosing the backend, counting both sides."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

import search
from catalog.models import Product
from catalog.selectors import product_public_filter
from marketplace.models import Vendor, VendorStatus
from search.base import SearchBackend
from search.models import ProductEntry, VendorEntry

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
    return {PRODUCTS: ProductEntry.objects.count(), VENDORS: VendorEntry.objects.count()}
