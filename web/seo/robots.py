"""`/robots.txt` (D199): crawl the site, not the API, the admin, the forms' targets nor the
endless combinations of search filters; the sitemap index says where everything is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.site import site_url
from web.caching import public_page

# Search results pages also say `noindex, follow` themselves; listing them here keeps crawlers
# from spending their budget on every facet combination. Product, storefront and category
# pages (the sitemap's) are what should be indexed.
DISALLOW = (
    "/api/",
    "/admin/",
    "/tim-kiem/",
    "/en/tim-kiem/",
    "/*/gio-hang/",
    "/*/lien-he/",
    # Signed-in areas (issue 16): a buyer's account and the seller center.
    "/tai-khoan/",
    "/en/tai-khoan/",
    "/ban-hang/",
    "/en/ban-hang/",
    # A buyer's cart, checkout and password-reset links (buyer16, D223).
    "/gio-hang/",
    "/en/gio-hang/",
    "/thanh-toan/",
    "/en/thanh-toan/",
    "/quen-mat-khau/",
    "/en/quen-mat-khau/",
)


@require_GET
@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines += ["Allow: /api/docs/", "", f"Sitemap: {site_url()}{reverse('sitemap-index')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
