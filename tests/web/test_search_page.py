"""The search page, the storefront page and the category pages as a crawler reads them: the API's
search backend without diacritics, facets as links, real pagination, 404s, English."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

import search
from catalog.models import Product
from catalog.selectors import product_public_filter
from tests.search.conformance import build_catalogue
from tests.web.helpers import HTML, ld_of_type, meta, picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults.update(HTML)
    return client


@pytest.fixture
def catalogue(db):
    cat = build_catalogue()
    backend = search.backend()
    backend.index_vendors([v.pk for v in cat.v.values()])
    backend.index_products([p.pk for p in cat.p.values()])
    return cat


def _names(html: str) -> list[str]:
    return re.findall(r"<h3>(.*?)</h3>", html)


def _facet_links(html: str, title: str) -> dict[str, str]:
    group = re.search(rf"<summary>{re.escape(title)}</summary>(.*?)</details>", html, re.S)
    assert group, html
    links = re.findall(
        r'<a href="([^"]*)"[^>]*>(?:<span aria-hidden="true">✓ </span>)?([^<]*?) <span', group[1]
    )
    return {label: href.replace("&amp;", "&") for href, label in links}


def test_search_without_diacritics_finds_the_vietnamese_names(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "mi gao"})

    html = response.content.decode()
    assert response.status_code == 200
    assert _names(html)[:2] == ["Mì gạo Hùng Lô", "Mì gạo lứt Lâm Thao"]
    assert "Bản nháp" not in html and "Tây Cốc" not in html  # drafts, suspended storefronts
    assert 'href="/san-pham/mi-gao-hung-lo/"' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'value="mi gao"' in html  # the header's box keeps the words
    assert response["Cache-Control"] == "public, max-age=30" and response["ETag"]


def test_the_header_search_form_points_to_the_search_page(client, db):
    html = client.get("/").content.decode()
    assert '<form class="search" role="search" method="get" action="/tim-kiem/">' in html
    assert 'action="/en/tim-kiem/"' in client.get("/en/").content.decode()


def test_facets_are_links_that_narrow_and_undo(client, catalogue):
    html = client.get("/tim-kiem/", {"q": "mat ong"}).content.decode()
    stars = _facet_links(html, "Sao OCOP")
    assert set(stars) == {"4★ trở lên", "3★ trở lên"}

    narrowed = client.get(stars["4★ trở lên"]).content.decode()

    assert parse_qs(urlsplit(stars["4★ trở lên"]).query) == {
        "q": ["mat ong"],
        "ocop_stars_min": ["4"],
    }
    assert _names(narrowed) == ["Mật ong hoa vải"]
    undo = _facet_links(narrowed, "Sao OCOP")["4★ trở lên"]
    assert parse_qs(urlsplit(undo).query) == {"q": ["mat ong"]}
    prices = _facet_links(html, "Giá")
    assert "250.000 – 500.000 ₫" not in prices and "200.000 – 500.000 ₫" in prices
    by_price = client.get(prices["200.000 – 500.000 ₫"]).content.decode()
    in_band = {p.name for p in catalogue.p.values() if p.price and 200_000 <= p.price < 500_000}
    assert "Mật ong hoa vải" in _names(by_price) and set(_names(by_price)) <= in_band


def test_category_and_province_facets(client, catalogue):
    html = client.get("/tim-kiem/", {"q": "bun"}).content.decode()
    categories = _facet_links(html, "Danh mục")
    assert "Thực phẩm" in categories
    chosen = client.get(
        "/tim-kiem/", {"q": "mi", "category": "che-bien-tu-gao-ngu-coc"}
    ).content.decode()
    assert "Mật ong" not in chosen
    assert 'aria-current="true"' in chosen


def test_pagination_links_search_engines_can_follow(client, catalogue, monkeypatch):
    monkeypatch.setattr("web.shop.search.PAGE_SIZE", 5)
    url, seen, pages = "/tim-kiem/", [], []
    while url:
        html = client.get(url).content.decode()
        count = int(re.search(r'<p class="count" role="status">(\d+) sản phẩm</p>', html)[1])
        seen += _names(html)
        pages.append(html)
        head_next = re.search(r'<link rel="next" href="([^"]*)">', html)
        body_next = re.search(r'<a rel="next" href="([^"]*)">', html)
        assert (head_next and head_next[1]) == (body_next and body_next[1])
        url = head_next[1].replace("&amp;", "&") if head_next else None

    assert len(seen) == count == len(set(seen)) and len(pages) == -(-count // 5)
    assert '<link rel="prev" href="/tim-kiem/">' in pages[1]  # page 1 is the bare URL
    assert '<a rel="prev" href="/tim-kiem/?page=2">' in pages[2]
    assert 'rel="prev"' not in pages[0]


def test_storefront_page(client, catalogue):
    vendor = catalogue.v["hung_lo"]
    picture(vendor=vendor, kind="logo")

    response = client.get("/gian-hang/htx-mi-gao-hung-lo/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>HTX Mì gạo Hùng Lô</h1>" in html
    for identity in (vendor.legal_name, vendor.tax_code, vendor.phone, vendor.street_address):
        assert identity in html
    assert "Mì gạo Hùng Lô" in _names(html) and "Mì gạo Hùng Lô bản nháp" not in html
    business = ld_of_type(html, "LocalBusiness")
    assert business["legalName"] == "Hợp tác xã Mì gạo Hùng Lô"
    assert business["taxID"] == vendor.tax_code
    assert business["address"]["addressCountry"] == "VN"
    assert business["logo"].endswith("/w1200.jpeg") and meta(html, "og:image") == business["logo"]
    assert response["Cache-Control"] == "public, max-age=30"


def test_suspended_storefront_and_unknown_pages_are_not_found(client, catalogue, settings):
    settings.DEBUG = False
    assert client.get("/gian-hang/htx-bi-dinh-chi/").status_code == 404
    assert client.get("/gian-hang/khong-co/").status_code == 404
    assert client.get("/gian-hang/htx-mi-gao-hung-lo/?page=9").status_code == 404
    assert client.get("/gian-hang/htx-mi-gao-hung-lo/?page=x").status_code == 404
    assert client.get("/danh-muc/khong-co/").status_code == 404


def test_category_page_lists_its_descendants_products_and_children(client, catalogue):
    response = client.get("/danh-muc/thuc-pham/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Thực phẩm</h1>" in html
    assert "Mì gạo Hùng Lô" in _names(html) and "Mật ong hoa vải" in _names(html)
    assert "Bưởi Đoan Hùng" in _names(html) and "Rượu ngô men lá" not in _names(html)
    assert 'href="/danh-muc/thuc-pham-so-che/"' in html  # a child category
    crumbs = ld_of_type(html, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Trang chủ", "Thực phẩm"]
    honey = client.get("/danh-muc/mat-ong-san-pham-tu-mat-ong/").content.decode()
    public = Product.objects.filter(product_public_filter())
    assert sorted(_names(honey)) == sorted(
        public.filter(category__slug="mat-ong-san-pham-tu-mat-ong").values_list("name", flat=True)
    )
    assert "Mật ong hoa vải" in _names(honey)


def test_home_page_categories_link_to_their_pages(client, catalogue):
    html = client.get("/").content.decode()
    assert '<a href="/danh-muc/thuc-pham/">Thực phẩm</a>' in html


def test_english_pages_under_en(client, catalogue):
    search_en = client.get("/en/tim-kiem/", {"q": "mi gao"}).content.decode()
    category_en = client.get("/en/danh-muc/thuc-pham/").content.decode()
    store_en = client.get("/en/gian-hang/htx-mi-gao-hung-lo/").content.decode()

    assert '<html lang="en">' in search_en and "Results for “mi gao”" in search_en
    assert 'href="/en/san-pham/mi-gao-hung-lo/"' in search_en
    assert "OCOP stars" in search_en
    assert "<h1>Food</h1>" in category_en
    assert "Seller details" in store_en


def test_bad_input_is_said_beside_the_field_in_the_pages_language(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "mi", "price_min": "nhiều"})
    english = client.get("/en/tim-kiem/", {"q": "mi", "page": "0"})

    assert response.status_code == english.status_code == 400
    assert "Cần một số nguyên hợp lệ." in response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in english.content.decode()
