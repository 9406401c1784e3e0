"""What crawlers fetch first: robots.txt and the sitemap index with its sections, cut by id
ranges (D199), and their costs."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.models import VendorStatus
from tests.factories import ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db


def _locs(xml: str) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", xml)


def test_robots_keeps_crawlers_off_the_api_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Disallow: /api/\n" in text and "Allow: /api/docs/\n" in text
    assert "Disallow: /tim-kiem/\n" in text and "Disallow: /admin/\n" in text
    # signed-in areas (issue 16): a buyer's account and the seller center
    assert "Disallow: /tai-khoan/\n" in text and "Disallow: /ban-hang/\n" in text
    assert "Disallow: /en/ban-hang/\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert response["Cache-Control"] == "public, max-age=30"


def test_sitemap_index_lists_sections_and_product_id_ranges(client, settings, monkeypatch):
    monkeypatch.setattr("web.seo.sitemaps.PRODUCT_IDS_PER_PAGE", 2)
    vendor = VendorFactory(slug="htx-a")
    products = [ProductFactory(vendor=vendor) for _ in range(5)]
    last = max(p.pk for p in products)

    index = client.get("/sitemap.xml").content.decode()

    locs = _locs(index)
    assert "http://testserver/sitemap-pages.xml" in locs
    assert "http://testserver/sitemap-categories.xml" in locs
    assert "http://testserver/sitemap-storefronts.xml" in locs
    product_pages = [loc for loc in locs if "sitemap-products" in loc]
    assert len(product_pages) == -(-last // 2)  # one per id range up to the last id
    assert product_pages[1] == "http://testserver/sitemap-products.xml?p=2"


def test_a_product_section_holds_its_id_range_in_both_languages(client, monkeypatch):
    monkeypatch.setattr("web.seo.sitemaps.PRODUCT_IDS_PER_PAGE", 1000)
    vendor = VendorFactory(slug="htx-a")
    shown = ProductFactory(vendor=vendor, slug="mi-gao-a")
    ProductFactory(vendor=vendor, slug="nhap", status=ProductStatus.DRAFT)
    ProductFactory(vendor=VendorFactory(status=VendorStatus.SUSPENDED), slug="dinh-chi")

    # Ids keep growing over a long test run on PostgreSQL: find the range that holds the product.
    section = (shown.pk - 1) // 1000 + 1
    last = (Product.objects.order_by("-pk").values_list("pk", flat=True)[0] - 1) // 1000 + 1

    xml = client.get(f"/sitemap-products.xml?p={section}").content.decode()

    assert _locs(xml) == [
        "http://testserver/san-pham/mi-gao-a/",
        "http://testserver/en/san-pham/mi-gao-a/",
    ]
    assert 'hreflang="en" href="http://testserver/en/san-pham/mi-gao-a/"' in xml
    assert 'hreflang="x-default" href="http://testserver/san-pham/mi-gao-a/"' in xml
    assert xml.count(f"<lastmod>{timezone.localdate(shown.updated_at)}</lastmod>") == 2
    assert client.get(f"/sitemap-products.xml?p={last + 1}").status_code == 404
    assert client.get("/sitemap-products.xml?p=x").status_code == 404


def test_a_deep_product_section_costs_what_the_first_does(client, django_assert_num_queries):
    vendor = VendorFactory(slug="htx-a")
    ProductFactory(vendor=vendor)

    with django_assert_num_queries(2):  # max(id), then the range
        response = client.get("/sitemap-products.xml?p=1")

    assert response.status_code == 200


def test_storefronts_and_categories_sections(client):
    VendorFactory(slug="htx-mo")
    VendorFactory(slug="htx-dong", status=VendorStatus.SUSPENDED)

    stores = _locs(client.get("/sitemap-storefronts.xml").content.decode())
    categories = _locs(client.get("/sitemap-categories.xml").content.decode())

    assert stores == [
        "http://testserver/gian-hang/htx-mo/",
        "http://testserver/en/gian-hang/htx-mo/",
    ]
    assert "http://testserver/danh-muc/thuc-pham/" in categories
    assert "http://testserver/en/danh-muc/thuc-pham/" in categories
