"""The search API: parameters, the response shape, live rows only, errors, query counts."""

from __future__ import annotations

import pytest

import search
from catalog.models import ProductStatus
from core.reference import warm_reference_tables
from media.models import ImageStatus
from search.base import Hit, SearchResults, SearchUnavailable
from tests.factories import ProductFactory, VendorFactory
from tests.search.conformance import build_catalogue
from tests.search.pictures import gallery_picture

URL = "/api/v1/search/products/"


@pytest.fixture(autouse=True)
def _no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


@pytest.fixture
def catalogue(db):
    cat = build_catalogue()
    backend = search.backend()
    backend.index_vendors([v.pk for v in cat.v.values()])
    backend.index_products([p.pk for p in cat.p.values()])
    return cat


def test_product_search_response(api_client, catalogue):
    response = api_client.get(URL, {"q": "mi gao hungg lo", "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "count",
        "total_relation",
        "next",
        "previous",
        "results",
        "facets",
        "facets_sampled",
        "did_you_mean",
    }
    assert body["total_relation"] == "eq" and body["facets_sampled"] is False
    assert body["did_you_mean"] == "mi gao hung lo"
    first = body["results"][0]
    assert first["slug"] == "mi-gao-hung-lo"
    assert first["vendor"]["slug"] == "htx-mi-gao-hung-lo"
    assert first["ocop_stars"] == 5
    assert first["highlight"]["name"].startswith("<mark>Mì</mark> <mark>gạo</mark>")
    assert first["score"] > body["results"][1]["score"]
    assert body["count"] == 3 and len(body["results"]) == 2
    assert "page=2" in body["next"] and body["previous"] is None
    assert {b["key"] for b in body["facets"]["ocop_stars"]} == {"5", "3"}
    tree = body["facets"]["category"][0]
    assert tree["key"] == "thuc-pham" and tree["children"][0]["count"] == 3
    page2 = api_client.get(body["next"]).json()
    assert page2["next"] is None and page2["previous"] is not None


def test_filters_use_the_product_list_names(api_client, catalogue):
    body = api_client.get(
        URL, {"q": "mat ong", "category": "thuc-pham", "ocop_stars_min": 4, "ordering": "price"}
    ).json()
    assert [r["slug"] for r in body["results"]] == ["mat-ong-hoa-vai"]
    body = api_client.get(URL, {"price_on_request": "true", "facets": "false"}).json()
    assert [r["slug"] for r in body["results"]] == ["buoi-suu-chi-dam"]
    assert body["facets"] == {}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_min": "abc"}, "price_min"),
        ({"province": "-3"}, "province"),
        ({"ordering": "cheapest"}, "ordering"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"ocop_stars_min": "6"}, "ocop_stars_min"),
        ({"vendor_type": "bank"}, "vendor_type"),
        ({"price_min": "500", "price_max": "100"}, "price_max"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_answer_400_in_the_one_shape(api_client, db, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "urn:giaothuong:problem:validation_error"
    assert field in body["errors"]


def test_a_stale_index_never_shows_what_is_no_longer_public(api_client, db, monkeypatch):
    live = ProductFactory(name="Chè Thanh Ba")
    draft = ProductFactory(name="Chè nháp", status=ProductStatus.DRAFT)
    hidden = ProductFactory(vendor=VendorFactory(status="suspended"), name="Chè đình chỉ")

    class Stale:
        def search_products(self, query):
            hits = [Hit(id=draft.pk, score=3), Hit(id=live.pk, score=2), Hit(id=hidden.pk, score=1)]
            return SearchResults(hits=hits, total=3)

    monkeypatch.setattr(search, "backend", lambda name=None: Stale())
    body = api_client.get(URL, {"q": "che"}).json()
    assert [r["slug"] for r in body["results"]] == [live.slug]


def test_search_unavailable_is_a_clear_503(api_client, db, monkeypatch):
    class Down:
        def search_products(self, query):
            raise SearchUnavailable("connection refused")

        def suggest(self, prefix, limit=10):
            raise SearchUnavailable("connection refused")

    monkeypatch.setattr(search, "backend", lambda name=None: Down())
    response = api_client.get(URL, {"q": "che"})
    assert response.status_code == 503
    assert response.json()["type"] == "urn:giaothuong:problem:search_unavailable"
    assert api_client.get("/api/v1/search/suggest/", {"q": "che"}).status_code == 503


def test_suggest(api_client, catalogue):
    body = api_client.get("/api/v1/search/suggest/", {"q": "mi ga"}).json()
    assert body["results"][0] == {
        "kind": "product",
        "slug": "mi-gao-hung-lo",
        "label": "Mì gạo Hùng Lô",
    }
    assert {"kind": "vendor", "slug": "htx-mi-gao-hung-lo", "label": "HTX Mì gạo Hùng Lô"} in body[
        "results"
    ]
    assert len(api_client.get("/api/v1/search/suggest/", {"q": "m"}).json()["results"]) <= 10
    missing = api_client.get("/api/v1/search/suggest/")
    assert missing.status_code == 400 and "q" in missing.json()["errors"]
    assert api_client.get("/api/v1/search/suggest/", {"q": "m", "limit": 11}).status_code == 400


def test_storefront_search(api_client, catalogue):
    body = api_client.get("/api/v1/search/vendors/", {"q": "doan hung"}).json()
    assert [r["slug"] for r in body["results"]] == ["cong-ty-buoi-doan-hung"]
    assert body["results"][0]["highlight"]["name"] == (
        "Công ty Bưởi <mark>Đoan</mark> <mark>Hùng</mark>"
    )
    assert body["results"][0]["product_count"] == 2
    assert {b["key"] for b in body["facets"]["vendor_type"]} == {"enterprise"}
    assert api_client.get("/api/v1/search/vendors/", {"q": "tay coc"}).json()["count"] == 0


def _catalogue_of(n: int) -> None:
    vendors = VendorFactory.create_batch(3)
    for i in range(n):
        product = ProductFactory(vendor=vendors[i % 3], name=f"Mì gạo Hùng Lô gói {i}")
        if i % 5 == 0:  # pictures ready with their renditions, one still processing
            gallery_picture(product)
            gallery_picture(product, position=1, status=ImageStatus.PROCESSING)
    backend = search.backend()
    backend.index_vendors([v.pk for v in vendors])
    from catalog.models import Product

    backend.index_products(Product.objects.values_list("id", flat=True))


@pytest.mark.parametrize("n", [5, 50])
def test_query_counts_do_not_grow_with_the_page(api_client, db, n, django_assert_num_queries):
    _catalogue_of(n)
    # known words and the index queue (1); one statement for page, count and every facet,
    # with the page's names and descriptions to highlight (1); the page's live public rows with
    # storefronts and stars (1); their pictures with renditions (1), both compiled once per
    # process (D249). Categories and places are named from the reference tables: no query.
    warm_reference_tables()
    with django_assert_num_queries(4):
        response = api_client.get(URL, {"q": "mi gao", "page_size": 50})
    assert response.status_code == 200 and len(response.json()["results"]) == n
    pictured = [r["images"] for r in response.json()["results"] if r["images"]]
    assert len(pictured) == len(range(0, n, 5))
    assert all([len(i["renditions"]) for i in images] == [4, 0] for images in pictured)
    # names starting with the text fill the list: whether a product is queued (then the
    # range scan reads the live rows too, D244), that range scan, their names, storefronts
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/search/suggest/", {"q": "mi g", "limit": 3})
    assert [s["kind"] for s in response.json()["results"]] == ["product"] * 3


@pytest.mark.parametrize("n", [5, 50])
def test_storefront_search_query_count(api_client, db, n, django_assert_num_queries):
    vendors = [VendorFactory(display_name=f"HTX Chè Thanh Ba số {i}") for i in range(n)]
    search.backend().index_vendors([v.pk for v in vendors])
    # known words (1), count (1), page (1), 2 facets (2), the page from live rows (1) with
    # their pictures (1)
    warm_reference_tables()
    with django_assert_num_queries(7):
        response = api_client.get("/api/v1/search/vendors/", {"q": "che thanh ba", "page_size": 50})
    assert response.status_code == 200 and len(response.json()["results"]) == n
