"""ETag / If-None-Match on the product, storefront and fair detail endpoints."""

from __future__ import annotations

import pytest

from catalog.models import Product
from tests.factories import ProductFactory
from tests.factories.fairs import FairFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(vendor):
    product = ProductFactory(vendor=vendor)
    fair = FairFactory()
    return {
        "product": (f"/api/v1/products/{product.slug}/", product),
        "vendor": (f"/api/v1/vendors/{vendor.slug}/", vendor),
        "fair": (f"/api/v1/fairs/{fair.slug}/", fair),
    }


@pytest.mark.parametrize("kind", ["product", "vendor", "fair"])
def test_etag_then_304(api_client, urls, kind):
    url, _obj = urls[kind]
    first = api_client.get(url)
    assert first.status_code == 200, first.content
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A list of tags, one matching (strong form), still matches; another tag does not.
    listed = api_client.get(url, HTTP_IF_NONE_MATCH=f'"nope", {etag.removeprefix("W/")}')
    assert listed.status_code == 304
    assert api_client.get(url, HTTP_IF_NONE_MATCH='W/"nope"').status_code == 200


def test_etag_changes_with_the_object(api_client, urls):
    url, product = urls["product"]
    etag = api_client.get(url)["ETag"]
    Product.objects.filter(pk=product.pk).update(price=99000)
    changed = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["price"] == 99000
    assert changed["ETag"] != etag


def test_partner_gets_304_too(urls):
    url, _product = urls["product"]
    api = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_errors_carry_no_etag(api_client):
    missing = api_client.get("/api/v1/products/khong-co/")
    assert missing.status_code == 404
    assert "ETag" not in missing
