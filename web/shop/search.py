"""Search results `/tim-kiem/?q=…`: the API's product search (search.selectors.
product_search_public with the API's parameters, ProductSearchParams) as a page. Facets are
plain links that add or remove one parameter, pages are real links with rel=next/prev: the
page works without JavaScript and every state is a URL to share (D197)."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote_plus

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.selectors import categories
from core.api.response_cache import kept_value
from search.api.serializers import MAX_PAGE, ProductSearchParams, product_hits
from search.base import (
    PRICE_BANDS,
    PRICE_ON_REQUEST_BAND,
    FacetBucket,
    ProductQuery,
    SearchUnavailable,
)
from search.selectors import product_search_public
from web.caching import public_page
from web.shop.cards import dress_all
from web.templatetags.web_extras import vnd

PAGE_SIZE = 20
# The parameters a results page keeps in its links (the API's, less paging size and facets).
KEPT = (
    "q", "category", "province", "ocop_stars_min", "price_min", "price_max", "price_on_request",
    "rating_min", "vendor_type", "ordering",
)  # fmt: skip
ORDERINGS = (
    ("relevance", gettext_lazy("Most relevant")),
    ("newest", gettext_lazy("Newest")),
    ("price", gettext_lazy("Price, lowest first")),
    ("-price", gettext_lazy("Price, highest first")),
    ("name", gettext_lazy("Name")),
)


# quote_plus of the values a page's links repeat (its words, once per link), kept per process.
_quoted = functools.lru_cache(maxsize=4096)(quote_plus)


def _url(params: dict[str, str], **change: str | None) -> str:
    """This page's URL with some parameters set (or removed with None), back on page 1: the
    bytes QueryDict.urlencode writes (quote_plus of each value, in KEPT's order), without
    building a QueryDict for each of a page's ~50 facet links."""
    path = params.get("_path", "")
    pieces = []
    for key in KEPT:
        value = change[key] if key in change else params.get(key)
        if value not in (None, ""):
            pieces.append(f"{key}={_quoted(str(value))}")
    return f"{path}?{'&'.join(pieces)}" if pieces else path


def _option(
    params: dict[str, str], label: str, count: int, selected: bool, **change: str | None
) -> dict[str, Any]:
    undo = dict.fromkeys(change) if selected else change
    return {"label": label, "count": count, "selected": selected, "url": _url(params, **undo)}


def _category_options(params: dict[str, str], buckets: list[FacetBucket]) -> list[dict[str, Any]]:
    """The top categories, and the children of the chosen one (or of its ancestors)."""
    by_slug = {c.slug: c for c in categories.rows().values()}
    chosen = params.get("category", "")
    options: list[dict[str, Any]] = []

    def walk(nodes: list[FacetBucket], depth: int) -> None:
        for node in nodes:
            category = by_slug.get(node.key)
            label = node.label
            if category is not None and _english() and category.name_en:
                label = category.name_en
            option = _option(params, label, node.count, node.key == chosen, category=node.key)
            option["depth"] = depth
            options.append(option)
            on_path = (
                category is not None
                and chosen in by_slug
                and by_slug[chosen].path.startswith(category.path)
            )
            if on_path and node.children:
                walk(list(node.children), depth + 1)

    walk(buckets, 0)
    return options


def _english() -> bool:
    return get_language() == "en"


def _price_label(key: str) -> str:
    if key == PRICE_ON_REQUEST_BAND:
        return _("Price on request")
    for band, low, high in PRICE_BANDS:
        if band == key:
            if high is None:
                return _("From %(low)s ₫") % {"low": vnd(low)}
            return _("%(low)s – %(high)s ₫") % {"low": vnd(low), "high": vnd(high)}
    return key


def facets(params: dict[str, str], found: dict[str, list[FacetBucket]]) -> list[dict[str, Any]]:
    """The facet groups as the page lists them: each option a link that sets its parameter,
    or removes it when it is the one chosen."""
    groups: list[dict[str, Any]] = []
    if found.get("category"):
        groups.append(
            {
                "name": "category",
                "title": _("Category"),
                "options": _category_options(params, found["category"]),
            }
        )
    if found.get("province"):
        groups.append(
            {
                "name": "province",
                "title": _("Province"),
                "options": [
                    _option(
                        params, b.label, b.count, params.get("province") == b.key, province=b.key
                    )
                    for b in found["province"]
                ],
            }
        )
    if found.get("ocop_stars"):
        groups.append(
            {
                "name": "ocop_stars",
                "title": _("OCOP stars"),
                "options": [
                    _option(
                        params,
                        _("%(n)s★ and more") % {"n": b.key},
                        b.count,
                        params.get("ocop_stars_min") == b.key,
                        ocop_stars_min=b.key,
                    )
                    for b in sorted(found["ocop_stars"], key=lambda b: b.key, reverse=True)
                ],
            }
        )
    if found.get("price"):
        options = []
        for b in found["price"]:
            if b.key == PRICE_ON_REQUEST_BAND:
                change: dict[str, str | None] = {
                    "price_on_request": "true",
                    "price_min": None,
                    "price_max": None,
                }
                selected = params.get("price_on_request") == "true"
            else:
                low, _sep, high = b.key.partition("-")
                # the bands' upper bounds are exclusive; price_max is inclusive
                change = {
                    "price_min": low,
                    "price_max": str(int(high) - 1) if high else None,
                    "price_on_request": None,
                }
                selected = (
                    params.get("price_min") == low
                    and params.get("price_max") == change["price_max"]
                )
            option = {"label": _price_label(b.key), "count": b.count, "selected": selected}
            undo = {"price_min": None, "price_max": None, "price_on_request": None}
            option["url"] = _url(params, **(undo if selected else change))
            options.append(option)
        groups.append({"name": "price", "title": _("Price"), "options": options})
    if found.get("rating"):
        groups.append(
            {
                "name": "rating",
                "title": _("Rating"),
                "options": [
                    _option(
                        params,
                        _("%(n)s★ and more") % {"n": b.key},
                        b.count,
                        params.get("rating_min") == b.key,
                        rating_min=b.key,
                    )
                    for b in found["rating"]
                ],
            }
        )
    for group in groups:
        group["chosen"] = any(option["selected"] for option in group["options"])
    return groups


def _page_url(base: str, page: int) -> str:
    if page <= 1:
        return base
    return f"{base}{'&' if '?' in base else '?'}page={page}"


@require_GET
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    params = {key: request.GET.get(key, "") for key in KEPT if request.GET.get(key, "")}
    form = ProductSearchParams(data={**params, "page": request.GET.get("page", "1")})
    context: dict[str, Any] = {
        "q": params.get("q", ""),
        "params": params,
        "orderings": ORDERINGS,
        "results": [],
        "groups": [],
        "count": 0,
        "errors": {},
    }
    if not form.is_valid():
        context["errors"] = {k: [str(m) for m in v] for k, v in form.errors.items()}
        return TemplateResponse(request, "web/shop/search.html", context, status=400)
    p = dict(form.validated_data)
    p.pop("facets")
    params["_path"] = request.path  # the links' path (/tim-kiem/ or /en/tim-kiem/)
    p["page_size"] = PAGE_SIZE
    query = ProductQuery(with_facets=True, **p)
    try:
        results, rows = product_search_public(query, kept=functools.partial(kept_value, request))
    except SearchUnavailable:
        context["unavailable"] = True
        return TemplateResponse(request, "web/shop/search.html", context, status=503)
    total = results.total + (results.total_relation == "gte")
    last = min(MAX_PAGE, max(1, -(-total // PAGE_SIZE)))
    page = query.page
    base = _url(params)
    context.update(
        {
            "results": dress_all(product_hits(rows)),
            "count": results.total,
            "count_is_lower_bound": results.total_relation == "gte",
            "groups": facets(params, results.facets),
            "did_you_mean": results.did_you_mean,
            "did_you_mean_url": _url(params, q=results.did_you_mean)
            if results.did_you_mean
            else "",
            "page": page,
            "previous_url": _page_url(base, page - 1) if page > 1 else "",
            "next_url": _page_url(base, page + 1) if page < last else "",
            "hidden": [(k, v) for k, v in params.items() if k in KEPT and k != "ordering"],
        }
    )
    return TemplateResponse(request, "web/shop/search.html", context)
