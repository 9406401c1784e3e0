"""Search endpoints: products, storefronts, suggestions. Thin: parse, ask the backend, render
the hits from live rows (search.selectors) in the backend's order."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

import search
from core.api.params import refuse_unknown
from core.api.response_cache import kept_value
from core.errors import DomainError
from search import selectors
from search.api import serializers as s
from search.base import ProductQuery, SearchResults, SearchUnavailable, VendorQuery


class SearchUnavailableError(DomainError):
    status = 503
    code = "search_unavailable"
    title = _("Search is unavailable for a moment.")


def _backend_call(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except SearchUnavailable as exc:
        raise SearchUnavailableError(_("Search is unavailable; try again shortly.")) from exc


def _answered_by(response: Response, results: Any, backend: Any) -> Response:
    """X-Search-Backend: which backend answered (the database one while Elasticsearch is
    down and ELASTICSEARCH_FALLBACK=database; see search/backends/elasticsearch)."""
    answered_by = getattr(results, "backend", None) or getattr(backend, "name", None)
    if answered_by:
        response["X-Search-Backend"] = answered_by
    return response


def _links(request: Request, page: int, page_size: int, total: int) -> dict[str, str | None]:
    url = request.build_absolute_uri()
    last = max(1, -(-total // page_size))
    next_url = replace_query_param(url, "page", page + 1) if page < min(last, s.MAX_PAGE) else None
    if page <= 1:
        previous = None
    elif page == 2:
        previous = remove_query_param(url, "page")
    else:
        previous = replace_query_param(url, "page", page - 1)
    return {"next": next_url, "previous": previous}


_KNOWN: dict[type, frozenset[str]] = {}


def _params(serializer_class: type[s.serializers.Serializer], request: Request) -> dict[str, Any]:
    known = _KNOWN.get(serializer_class)
    if known is None:
        known = _KNOWN[serializer_class] = frozenset({*serializer_class().fields, "format"})
    refuse_unknown(request.query_params, known)  # as every list (D91)
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


class ProductSearchView(APIView):
    permission_classes = [AllowAny]
    schema_error_statuses = (503,)  # the backend is down (core/api/schema.py)

    @extend_schema(
        parameters=[s.ProductSearchParams],
        responses=s.ProductSearchResponseSerializer,
        summary="Search products",
    )
    def get(self, request: Request) -> Response:
        p = _params(s.ProductSearchParams, request)
        with_facets = p.pop("facets")
        query = ProductQuery(with_facets=with_facets, **p)
        backend = search.backend()
        # the count and facets kept for the generation serve the search's other pages (D245)
        kept = partial(kept_value, request._request)
        search_public = partial(selectors.product_search_public, kept=kept)
        results, rows = _backend_call(search_public, query, backend)
        data = s.product_hits(rows)
        return _answered_by(
            Response(
                {
                    "count": results.total,
                    "total_relation": results.total_relation,
                    # beyond a bounded count there is at least one more hit than counted
                    **_links(
                        request,
                        query.page,
                        query.page_size,
                        results.total + (results.total_relation == "gte"),
                    ),
                    "results": data,
                    "facets": s.facets_data(results.facets),
                    "facets_sampled": results.facets_sampled,
                    "did_you_mean": results.did_you_mean,
                }
            ),
            results,
            backend,
        )


class VendorSearchView(APIView):
    permission_classes = [AllowAny]
    schema_error_statuses = (503,)  # the backend is down (core/api/schema.py)

    @extend_schema(
        parameters=[s.VendorSearchParams],
        responses=s.VendorSearchResponseSerializer,
        summary="Search storefronts",
    )
    def get(self, request: Request) -> Response:
        p = _params(s.VendorSearchParams, request)
        with_facets = p.pop("facets")
        query = VendorQuery(with_facets=with_facets, **p)
        backend = search.backend()
        results: SearchResults = _backend_call(backend.search_vendors, query)
        rows = selectors.vendor_hits_public(results.hits)
        data = s.vendor_hits(rows)
        return _answered_by(
            Response(
                {
                    "count": results.total,
                    **_links(request, query.page, query.page_size, results.total),
                    "results": data,
                    "facets": s.facets_data(results.facets),
                    "did_you_mean": results.did_you_mean,
                }
            ),
            results,
            backend,
        )


class SuggestView(APIView):
    permission_classes = [AllowAny]
    schema_error_statuses = (503,)  # the backend is down (core/api/schema.py)

    @extend_schema(
        parameters=[s.SuggestParams],
        responses=s.SuggestResponseSerializer,
        summary="Suggest products and storefronts as someone types",
    )
    def get(self, request: Request) -> Response:
        p = _params(s.SuggestParams, request)
        suggestions = _backend_call(search.backend().suggest, p["q"], p["limit"])
        return Response({"results": s.SuggestionSerializer(suggestions, many=True).data})
