"""`/sitemap.xml`: a sitemap index (django.contrib.sitemaps) over sections that stay cheap at a
million products (D199).

Each entry is a page in Vietnamese with its English alternate (hreflang, `i18n` and
`alternates`). The products' section is cut into ranges of the primary key, not into pages of a
sorted list: page N holds the public products with ids in ((N-1)·K, N·K], read by an index
range scan whatever N is (no OFFSET, no COUNT of the catalogue; the index only asks for the
highest id). A range may hold fewer than K products, or none, when products were deleted or
are not public; a search engine reads an empty sitemap as nothing to crawl. Storefronts and
categories are a few thousand rows at most and use Django's own paging."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse

from catalog.selectors import categories, product_id_last, product_sitemap_rows
from marketplace.selectors import vendor_list_public

# Product ids per section page: with its English twin and alternates, 2 × 5,000 <url> entries
# of about 450 bytes, well under the protocol's 50,000 entries and 50 MB.
PRODUCT_IDS_PER_PAGE = 5000


class _LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_latest_lastmod(self) -> Any:
        """None: the index must not read every row for a date (Django's default would)."""
        return None


class HomeSitemap(_LocalizedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["web:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(_LocalizedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return sorted(c.slug for c in categories.rows().values())

    def location(self, item: str) -> str:
        return reverse("web:category", args=[item])


class StorefrontSitemap(_LocalizedSitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self) -> Any:
        return vendor_list_public().order_by("id").values("slug", "updated_at")

    def location(self, item: dict[str, Any]) -> str:
        return reverse("web:storefront", args=[item["slug"]])

    def lastmod(self, item: dict[str, Any]) -> Any:
        return item["updated_at"]


class _IdRangePage:
    def __init__(self, object_list: Sequence[Any]) -> None:
        self.object_list = object_list


class _IdRangePaginator:
    """What Sitemap asks of a paginator (num_pages, page(n).object_list), over id ranges."""

    def __init__(self) -> None:
        self.num_pages = max(1, math.ceil(product_id_last() / PRODUCT_IDS_PER_PAGE))

    def page(self, number: Any) -> _IdRangePage:
        try:
            n = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(number) from exc
        if not 1 <= n <= self.num_pages:
            raise EmptyPage(number)
        rows = product_sitemap_rows((n - 1) * PRODUCT_IDS_PER_PAGE + 1, n * PRODUCT_IDS_PER_PAGE)
        languages = [code for code, _name in settings.LANGUAGES]
        return _IdRangePage([(row, lang) for row in rows for lang in languages])


class ProductSitemap(_LocalizedSitemap):
    changefreq = "weekly"

    @property
    def paginator(self) -> Any:
        return _IdRangePaginator()

    def location(self, item: dict[str, Any]) -> str:
        return reverse("web:product", args=[item["slug"]])

    def lastmod(self, item: dict[str, Any]) -> Any:
        return item["updated_at"]


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": HomeSitemap,
    "categories": CategorySitemap,
    "storefronts": StorefrontSitemap,
    "products": ProductSitemap,
}
