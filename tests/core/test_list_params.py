"""Lists read `q` through the search backend and refuse the query parameters they do not read
(issue 12, item 6; D91)."""

from __future__ import annotations

import pytest

import search
from catalog.models import Product
from core.api.params import known_params
from core.text import fold
from marketplace.models import Vendor
from tests.search.conformance import build_catalogue

LIST_KEYS = {"count", "total_relation", "next", "previous", "results"}


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


def test_q_on_the_product_list_finds_only_matching_products(api_client, catalogue):
    everything = api_client.get("/api/v1/products/").json()
    response = api_client.get("/api/v1/products/", {"q": "bưởi"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == LIST_KEYS  # the list's shape, not the search endpoint's
    names = [row["name"] for row in body["results"]]
    assert names and body["count"] == len(names) < everything["count"]
    assert all("buoi" in fold(name) for name in names)
    assert names[:2] == ["Bưởi Đoan Hùng", "Bưởi Sửu Chí Đám"] or set(names[:2]) == {
        "Bưởi Đoan Hùng",
        "Bưởi Sửu Chí Đám",
    }  # the exact spelling ranks first
    assert set(body["results"][0]) == set(everything["results"][0])  # the list's row shape


def test_q_keeps_the_lists_filters_ordering_and_pages(api_client, catalogue):
    body = api_client.get(
        "/api/v1/products/", {"q": "mat ong hoa", "ordering": "-price", "page_size": 1}
    ).json()
    assert body["count"] == 2 and body["total_relation"] == "eq"
    assert [row["name"] for row in body["results"]] == ["Mật ong hoa vải"]
    assert "page=2" in body["next"] and "q=mat" in body["next"]
    second = api_client.get(body["next"]).json()
    assert [row["name"] for row in second["results"]] == ["Mật ong hoa nhãn"]
    assert second["next"] is None and second["previous"] is not None
    narrowed = api_client.get("/api/v1/products/", {"q": "mat ong hoa", "price_max": 255000})
    assert [row["name"] for row in narrowed.json()["results"]] == ["Mật ong hoa nhãn"]
    past = api_client.get("/api/v1/products/", {"q": "mat ong hoa", "page": 9})
    assert past.status_code == 404


def test_q_shows_only_what_the_list_shows(api_client, catalogue):
    # the draft "Mì gạo Hùng Lô bản nháp" and the suspended storefront's products never appear
    body = api_client.get("/api/v1/products/", {"q": "mi gao", "page_size": 50}).json()
    public = set(
        Product.objects.filter(status="published", vendor__status="approved").values_list(
            "slug", flat=True
        )
    )
    assert body["results"] and {row["slug"] for row in body["results"]} <= public


def test_q_on_the_storefront_list(api_client, catalogue):
    response = api_client.get("/api/v1/vendors/", {"q": "thanh ba"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == LIST_KEYS
    assert [row["slug"] for row in body["results"]] == ["htx-che-thanh-ba"]
    kinds = api_client.get("/api/v1/vendors/", {"q": "hung", "kind": "enterprise"}).json()
    assert {row["slug"] for row in kinds["results"]} == {"cong-ty-buoi-doan-hung"}
    assert Vendor.objects.filter(status="approved").count() > 1


def test_an_empty_q_is_the_whole_list(api_client, catalogue):
    assert (
        api_client.get("/api/v1/products/", {"q": ""}).json()["count"]
        == (api_client.get("/api/v1/products/").json()["count"])
    )


def test_too_long_a_q_is_a_400(api_client, db):
    response = api_client.get("/api/v1/products/", {"q": "x" * 201})
    assert response.status_code == 400 and "q" in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/products/",
        "/api/v1/vendors/",
        "/api/v1/fairs/",
        "/api/v1/units/",
        "/api/v1/regions/provinces/",
    ],
)
def test_unknown_parameters_are_refused_and_named(api_client, db, url):
    response = api_client.get(url, {"colour": "red", "statuss": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["type"] == "urn:giaothuong:problem:unknown_parameter"
    assert set(body["errors"]) == {"colour", "statuss"}
    assert "colour" in body["detail"] and "statuss" in body["detail"]


def test_the_refusal_in_vietnamese(api_client, db):
    body = api_client.get("/api/v1/products/", {"mau": "do"}, HTTP_ACCEPT_LANGUAGE="vi").json()
    assert "không" in body["errors"]["mau"][0].lower()


def test_a_status_filter_the_public_list_does_not_have_is_refused(api_client, db):
    # Issue 12 item 2 found `?status=pending_review` silently ignored on /products/.
    response = api_client.get("/api/v1/products/", {"status": "pending_review"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status"}


@pytest.mark.parametrize(
    "params",
    [
        {"format": "json"},
        {"page": "1", "page_size": "5"},
        {"ordering": "price", "category": "thuc-pham", "province": "25", "commune": "7900"},
        {"price_min": "0", "price_max": "9", "price_on_request": "false", "ocop_stars_min": "3"},
        {"vendor": "x", "fair": "y", "q": "bun"},
    ],
)
def test_the_parameters_a_list_reads_are_accepted(api_client, catalogue, params):
    assert api_client.get("/api/v1/products/", params).status_code == 200


def test_seek_links_still_work(api_client, catalogue):
    first = api_client.get("/api/v1/products/", {"page_size": 3}).json()
    assert "after=" in first["next"]
    second = api_client.get(first["next"])
    assert second.status_code == 200
    assert "before=" in second.json()["previous"] or second.json()["previous"]


def test_a_storefronts_products_keep_their_documented_parameters(api_client, catalogue):
    url = "/api/v1/vendors/htx-mi-gao-hung-lo/products/"
    assert api_client.get(url, {"status": "published", "province": "25"}).status_code == 200
    assert api_client.get(url, {"sort": "name"}).status_code == 400


def test_an_actions_list_reads_its_own_parameters_not_the_viewsets(api_client, db):
    from tests.factories.fairs import FairFactory

    fair = FairFactory()
    showcase = f"/api/v1/fairs/{fair.slug}/showcase/"
    assert api_client.get(showcase).status_code == 200
    assert api_client.get(showcase, {"kind": "ocop"}).status_code == 400  # a /fairs/ filter


def test_the_known_set_is_computed_once_per_view(api_client, db):
    from catalog.api.views import ProductViewSet

    api_client.get("/api/v1/products/")
    view = ProductViewSet()
    view.action = "list"
    first = known_params(view, None)
    assert first is known_params(view, None)
    assert {"q", "page", "page_size", "after", "before", "ordering", "format"} <= first


@pytest.mark.parametrize("url", ["/api/v1/search/products/", "/api/v1/search/vendors/"])
def test_the_search_endpoints_refuse_unknown_parameters_too(api_client, db, url):
    response = api_client.get(url, {"q": "bun", "colour": "red"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"colour"}
    assert api_client.get(url, {"q": "bun", "page": 1, "format": "json"}).status_code == 200


def test_every_parameter_a_list_documents_is_one_it_reads(db, monkeypatch):
    """The OpenAPI document and the check agree: no documented parameter is refused."""
    from django.db.models import QuerySet
    from drf_spectacular.generators import SchemaGenerator

    from core.api import params

    monkeypatch.setattr(params, "_KNOWN", {})
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    checked, refused = 0, {}
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        operation = schema["paths"].get(path, {}).get(method.lower())
        if method != "GET" or operation is None:
            continue
        body = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        if "/Paginated" not in ref and getattr(view, "action", None) != "list":
            continue
        documented = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        queryset = view.queryset if isinstance(getattr(view, "queryset", None), QuerySet) else None
        known = params.known_params(view, queryset)
        checked += 1
        if documented - known:
            refused[f"{method} {path}"] = sorted(documented - known)
    assert checked > 20
    assert refused == {}
