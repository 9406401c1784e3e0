"""A storefront's page `/gian-hang/<slug>/` and a category's page `/danh-muc/<slug>/`.

The storefront reads as the API's public storefront and its product list do (marketplace's
vendor_list_public, catalog's product_list_of_vendor for an anonymous reader: a suspended
storefront is not found, its members see no drafts here). A category lists its products and
its descendants' through the search backend (the API's `/search/products/?category=`), newest
first, and links its child categories."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.selectors import categories, product_list_of_vendor
from core.api.response_cache import kept_value
from core.site import site_url
from marketplace.api.serializers import NO_BRAND, vendor_public_data
from marketplace.selectors import vendor_list_public
from media.api.serializers import brands_data
from search.api.serializers import MAX_PAGE, product_hits
from search.base import ProductQuery, SearchUnavailable
from search.selectors import product_search_public
from web.caching import public_page
from web.paging import page_links, page_number
from web.seo import jsonld
from web.shop.cards import cards, dress_all
from web.shop.pictures import picture, share_image
from web.templatetags.web_extras import localized

PAGE_SIZE = 24
LOGO_SIZES = "96px"
BANNER_SIZES = "100vw"


@require_GET
@public_page
def storefront_page(request: HttpRequest, slug: str) -> HttpResponse:
    vendor = vendor_list_public().filter(slug=slug).first()
    if vendor is None:
        raise Http404
    page = page_number(request)
    brand = brands_data([vendor.pk]).get(vendor.pk, NO_BRAND)
    data = vendor_public_data(vendor, brand)
    start = (page - 1) * PAGE_SIZE
    rows = list(
        product_list_of_vendor(vendor=vendor, user=AnonymousUser())[start : start + PAGE_SIZE + 1]
    )
    if page > 1 and not rows:
        raise Http404
    logo = picture(data["logo"], LOGO_SIZES)
    crumbs = [(_("Home"), reverse("web:home")), (vendor.display_name, request.path)]
    url = site_url() + request.path
    context = {
        "vendor": data,
        "logo": logo,
        "banner": picture(data["banner"], BANNER_SIZES),
        "products": cards(rows[:PAGE_SIZE]),
        "crumbs": crumbs,
        "share_image": share_image([], data["logo"]),
        "ld": jsonld.scripts(
            [
                jsonld.organization(data, url, logo["largest"] if logo else None),
                jsonld.breadcrumbs(crumbs),
            ]
        ),
        **page_links(request.path, page, len(rows) > PAGE_SIZE),
    }
    return TemplateResponse(request, "web/shop/storefront.html", context)


@require_GET
@public_page
def category_page(request: HttpRequest, slug: str) -> HttpResponse:
    by_slug = {c.slug: c for c in categories.rows().values()}
    category = by_slug.get(slug)
    if category is None:
        raise Http404
    page = page_number(request)
    children = sorted(
        (c for c in by_slug.values() if c.parent_id == category.pk),
        key=lambda c: (c.position, c.name),
    )
    query = ProductQuery(
        category=slug, ordering="newest", page=page, page_size=PAGE_SIZE, with_facets=False
    )
    unavailable = False
    try:
        results, rows = product_search_public(query, kept=partial(kept_value, request))
        total = results.total
    except SearchUnavailable:
        rows, total, unavailable = [], 0, True
    if page > 1 and not rows and not unavailable:
        raise Http404
    crumbs = [(_("Home"), reverse("web:home"))]
    crumbs += [
        (localized(c), reverse("web:category", args=[c.slug]))
        for c in jsonld.category_trail(category.pk)
    ]
    context = {
        "category": category,
        "children": [
            {"name": localized(c), "url": reverse("web:category", args=[c.slug])} for c in children
        ],
        "products": dress_all(product_hits(rows)),
        "count": total,
        "unavailable": unavailable,
        "crumbs": crumbs,
        "ld": jsonld.scripts([jsonld.breadcrumbs(crumbs)]),
        **page_links(request.path, page, page * PAGE_SIZE < total and page < MAX_PAGE),
    }
    return TemplateResponse(
        request, "web/shop/category.html", context, status=503 if unavailable else 200
    )
