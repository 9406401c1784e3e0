"""Reads of the search app: turning backend hits into rows people may see.

Hits are rendered from the live database rows of the public selectors, in the backend's order,
so a stale index can never show an unpublished product or a suspended storefront.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

import search
from catalog.models import Product
from catalog.selectors import product_card_rows, product_public_filter
from marketplace.models import Vendor
from marketplace.selectors import vendor_list_public
from search.base import (
    FacetBucket,
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    TotalRelation,
)
from search.models import ProductEntry

# A public product's card row (catalog.selectors.CARD_ROW_FIELDS) and the hit that found it.
ProductHitRow = tuple[dict[str, Any], Hit]


def product_hits_public(hits: Sequence[Hit]) -> list[ProductHitRow]:
    """The hits whose product is public now, in the backend's order, each with its card row:
    one statement compiled once per process, no model instance (D249)."""
    rows = product_card_rows([h.id for h in hits])
    return [(rows[h.id], h) for h in hits if h.id in rows]


# kept(name, compute): compute() kept under a name for the public write generation
# (core.api.response_cache.kept_value bound to the request), or computed when nothing is kept.
Keeper = Callable[[str, Callable[[], Any]], Any]


@dataclass(frozen=True)
class _Counted:
    """What a search's count and facets are, whatever its page and order (D245)."""

    total: int
    total_relation: TotalRelation
    facets: dict[str, list[FacetBucket]]
    facets_sampled: bool


def product_search_public(
    query: ProductQuery, backend: SearchBackend | None = None, *, kept: Keeper | None = None
) -> tuple[SearchResults, list[ProductHitRow]]:
    """The product search of the API and of the public site: the backend's ranked hits and
    the live public rows behind them, in its order. Raises search.base.SearchUnavailable.

    With `kept`, the count and facets are kept for the generation under the search's text and
    filters (not its page, size or order), in the request's language (facet labels are
    translated): the next page, another order or the other site of the same search asks the
    backend for the page alone (D245)."""
    backend = backend or search.backend()
    if kept is None:
        results = backend.search_products(query)
        return results, product_hits_public(results.hits)
    fresh: list[SearchResults] = []

    def count() -> _Counted:
        fresh.append(backend.search_products(query))
        r = fresh[0]
        return _Counted(r.total, r.total_relation, r.facets, r.facets_sampled)

    counted: _Counted = kept(_counted_name(query), count)
    if fresh:
        results = fresh[0]
    else:
        page = backend.search_products(replace(query, counted=counted.total_relation))
        results = replace(
            page,
            total=counted.total,
            total_relation=counted.total_relation,
            facets=counted.facets,
            facets_sampled=counted.facets_sampled,
        )
    return results, product_hits_public(results.hits)


def _counted_name(query: ProductQuery) -> str:
    """The search's text and filters, and the language: not its page, page size or order."""
    same = replace(query, page=1, page_size=20, ordering="relevance")
    return f"product-search:{get_language()}:{same!r}"


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
