"""Reads of the search app: turning backend hits into rows people may see.

Hits are rendered from the live database rows of the public selectors, in the backend's order,
so a stale index can never show an unpublished product or a suspended storefront.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

import search
from catalog.models import Product
from catalog.selectors import product_cards_public, product_public_filter
from marketplace.models import Vendor
from marketplace.selectors import vendor_list_public
from search.base import Hit, ProductQuery, SearchBackend, SearchResults
from search.models import ProductEntry


def product_hits_public(hits: Sequence[Hit]) -> list[tuple[Product, Hit]]:
    ids = [h.id for h in hits]
    rows = {p.pk: p for p in product_cards_public().filter(id__in=ids)}
    return [(rows[h.id], h) for h in hits if h.id in rows]


def product_search_public(
    query: ProductQuery, backend: SearchBackend | None = None
) -> tuple[SearchResults, list[tuple[Product, Hit]]]:
    """The product search of the API and of the public site: the backend's ranked hits and
    the live public rows behind them, in its order. Raises search.base.SearchUnavailable."""
    results = (backend or search.backend()).search_products(query)
    return results, product_hits_public(results.hits)


def vendor_hits_public(hits: Sequence[Hit]) -> list[tuple[Vendor, Hit]]:
    ids = [h.id for h in hits]
    rows = {v.pk: v for v in vendor_list_public().filter(id__in=ids)}
    return [(rows[h.id], h) for h in hits if h.id in rows]


def search_index_needs_fill() -> bool:
    """True when the database backend's index holds no product although products are public
    (e.g. demo data loaded in bulk before the search app existed)."""
    if settings.SEARCH_BACKEND != "database":
        return False
    return (
        not ProductEntry.objects.exists()
        and Product.objects.filter(product_public_filter()).exists()
    )
