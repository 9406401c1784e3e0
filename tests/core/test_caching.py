"""HTTP caching of API reads (core/api/caching.py): every GET endpoint in the OpenAPI document is
asked anonymously, signed in and with a partner key, and must answer with the right headers."""

from __future__ import annotations

import functools
import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import client_for
from tests.factories import CertificateFactory, ProductFactory
from tests.factories.fairs import FairFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db

VARY = {"accept-language", "authorization", "cookie", "x-api-key"}

# What an anonymous visitor may read: answered `public`, so a CDN may keep it. A new endpoint
# that answers anonymous GETs lands here only after someone decided it is public.
PUBLIC = {
    "/api/v1/categories/",
    "/api/v1/fairs/",
    "/api/v1/fairs/{slug}/",
    "/api/v1/fairs/{slug}/booth-types/",
    "/api/v1/fairs/{slug}/showcase/",
    "/api/v1/fairs/{fair_slug}/meeting-slots/",
    "/api/v1/fairs/{fair_slug}/meeting-tables/",
    "/api/v1/leads/",  # anonymous readers get no contact (D145); a signed-in answer is private
    "/api/v1/products/",
    "/api/v1/products/{slug}/",
    "/api/v1/products/{slug}/images/",
    "/api/v1/products/{slug}/awards/",
    "/api/v1/products/{slug}/certificates/",
    "/api/v1/products/{slug}/reviews/",
    "/api/v1/regions/provinces/",
    "/api/v1/regions/provinces/{code}/",
    "/api/v1/regions/provinces/{code}/communes/",
    "/api/v1/search/leads/",
    "/api/v1/search/products/",
    "/api/v1/search/suggest/",
    "/api/v1/search/vendors/",
    "/api/v1/stats/",
    "/api/v1/units/",
    "/api/v1/units/{code}/",
    "/api/v1/vendors/",
    "/api/v1/vendors/{slug}/",
    "/api/v1/vendors/{slug}/products/",
    "/api/v1/vendors/{slug}/reviews/",
}

# Answers anyone gets that no cache may keep: the payment gateway's server-to-server call.
NEVER_CACHED = {"/api/v1/payments/vnpay/ipn/"}


@functools.cache
def _get_paths() -> tuple[str, ...]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"].items()
    return tuple(sorted(path for path, operations in paths if "get" in operations))


@pytest.fixture
def objects(vendor):
    product = ProductFactory(vendor=vendor)
    CertificateFactory(product=product)
    return {"product": product.slug, "vendor": vendor.slug, "fair": FairFactory().slug}


def _url(path: str, objects: dict[str, str]) -> str:
    first = path.removeprefix("/api/v1/").split("/")[0]
    kind = {"products": "product", "vendors": "vendor", "fairs": "fair"}.get(first)
    url = re.sub(r"\{(fair_)?slug\}", objects.get(kind or "", "x"), path)
    url = url.replace("{code}", "kg" if first == "units" else "25")
    url = re.sub(r"\{\w+\}", "1", url)
    return url + ("?q=mi" if first == "search" else "")


def _walk(client, objects) -> dict[str, object]:
    return {path: client.get(_url(path, objects)) for path in _get_paths()}


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def test_anonymous_reads_are_public_with_etag_and_errors_are_not_cached(api_client, objects):
    answered = _walk(api_client, objects)
    ok = {path for path, response in answered.items() if response.status_code == 200}
    assert ok == PUBLIC | NEVER_CACHED
    for path in NEVER_CACHED:
        assert answered[path]["Cache-Control"] == "no-store", path
    for path, response in answered.items():
        assert _vary(response) >= VARY, path
        if path in PUBLIC:
            assert response["Cache-Control"] == "public, max-age=30", path
            assert response["ETag"].startswith('W/"'), path
        else:
            assert response["Cache-Control"] == "no-store", (path, response.status_code)
            assert "ETag" not in response, path


@pytest.mark.parametrize("who", ["moderator", "owner", "partner"])
def test_signed_in_and_partner_reads_are_private(who, objects, moderator, owner):
    if who == "partner":
        partner = PartnerClientFactory(scopes=["catalog:read", "fairs:read", "listings:write"])
        client = partner_api(partner_key(partner))
    else:
        client = client_for(moderator if who == "moderator" else owner)
    answered = _walk(client, objects)
    ok = {path for path, response in answered.items() if response.status_code == 200}
    assert ok >= PUBLIC
    for path, response in answered.items():
        assert _vary(response) >= VARY, path
        assert "public" not in response["Cache-Control"], path
        if response.status_code == 200:
            expected = "no-store" if path in NEVER_CACHED else "private, no-cache"
            assert response["Cache-Control"] == expected, path


def test_list_etag_then_304_with_the_same_cache_headers(api_client, objects):
    first = api_client.get("/api/v1/products/")
    etag = first["ETag"]
    again = api_client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=30"
    assert _vary(again) >= VARY
    # Another query or another body: another tag, a full answer.
    elsewhere = api_client.get("/api/v1/products/?province=1", HTTP_IF_NONE_MATCH=etag)
    assert elsewhere.status_code == 200
    assert elsewhere.json()["results"] == []
    ProductFactory(vendor=ProductFactory().vendor)
    changed = api_client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_max_age_is_the_setting(api_client, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 10
    assert api_client.get("/api/v1/categories/")["Cache-Control"] == "public, max-age=10"


def test_a_takedown_is_not_served_from_a_revalidation(api_client, objects, moderator_client):
    url = f"/api/v1/products/{objects['product']}/"
    etag = api_client.get(url)["ETag"]
    suspended = moderator_client.post(
        f"/api/v1/vendors/{objects['vendor']}/suspend/", {"reason": "Hàng giả"}, format="json"
    )
    assert suspended.status_code == 200, suspended.content
    gone = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert gone.status_code == 404
    assert gone["Cache-Control"] == "no-store"


def test_session_and_jwt_answers_are_private(buyer, api_client):
    token = api_client.post(
        "/api/v1/auth/token/", {"email": buyer.email, "password": "secret-pass-123"}
    ).json()["access"]
    jwt = api_client.get("/api/v1/products/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert jwt.status_code == 200
    assert jwt["Cache-Control"] == "private, no-cache"
    assert jwt["ETag"].startswith('W/"')
    session = client_for()
    session.force_login(buyer)
    answer = session.get("/api/v1/products/")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-cache"
    assert session.get("/api/v1/me/")["Cache-Control"] == "private, no-cache"


def test_an_answer_that_sets_a_cookie_is_private(api_client, objects):
    # The browsable API hands out a CSRF cookie: never for a shared cache.
    html = api_client.get("/api/v1/products/", HTTP_ACCEPT="text/html")
    assert "csrftoken" in html.cookies
    assert html["Cache-Control"] == "private, no-cache"


def test_writes_and_non_api_pages_are_left_alone(api_client, buyer):
    login = api_client.post(
        "/api/v1/auth/token/", {"email": buyer.email, "password": "secret-pass-123"}
    )
    assert login.status_code == 200
    assert "Cache-Control" not in login
    assert "Cache-Control" not in api_client.get("/healthz")
