"""`q` on the product and storefront lists (D91): the list's filters become a search query,
the backend ranks, and the list renders the page's rows as it renders its own. Registered in
core.api.lists by `search.extensions.connect()`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import search
from core.api.lists import TextSearchHits
from search.api.views import SearchUnavailableError
from search.base import ProductQuery, SearchResults, SearchUnavailable, VendorQuery


def _int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _hits(results: SearchResults) -> TextSearchHits:
    return TextSearchHits([hit.id for hit in results.hits], results.total, results.total_relation)


def _ask(method: Any, query: Any) -> SearchResults:
    try:
        results: SearchResults = method(query)
    except SearchUnavailable as exc:
        raise SearchUnavailableError(str(SearchUnavailableError.title)) from exc
    return results


def product_list_search(
    words: str, filters: Mapping[str, Any], page: int, page_size: int
) -> TextSearchHits:
    """The product list's filters have the search's names and meaning (ProductSearchParams)."""
    query = ProductQuery(
        q=words,
        category=filters.get("category") or None,
        province=_int(filters.get("province")),
        commune=_int(filters.get("commune")),
        vendor=filters.get("vendor") or None,
        ocop_stars_min=_int(filters.get("ocop_stars_min")),
        price_min=_int(filters.get("price_min")),
        price_max=_int(filters.get("price_max")),
        price_on_request=filters.get("price_on_request"),
        fair=filters.get("fair") or None,
        rating_min=_float(filters.get("rating_min")),
        ordering=filters.get("ordering") or "relevance",
        page=page,
        page_size=page_size,
        with_facets=False,
    )
    return _hits(_ask(search.backend().search_products, query))


def vendor_list_search(
    words: str, filters: Mapping[str, Any], page: int, page_size: int
) -> TextSearchHits:
    query = VendorQuery(
        q=words,
        province=_int(filters.get("province")),
        commune=_int(filters.get("commune")),
        vendor_type=filters.get("kind") or None,
        ordering="relevance",
        page=page,
        page_size=page_size,
        with_facets=False,
    )
    return _hits(_ask(search.backend().search_vendors, query))
