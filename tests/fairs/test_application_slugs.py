"""A producer applies for booths with what the API shows it: product slugs (issue 12, item 1).
Ids, which a client may already send, keep working."""

from __future__ import annotations

import pytest

from fairs.models import ExhibitorApplication
from tests.factories import ProductFactory
from tests.fairs.conftest import application_body

pytestmark = pytest.mark.django_db


def _body(booth_type, products, refs, **extra):
    body = application_body(booth_type, products, **extra)
    body["products"] = refs
    return body


def _apply(client, fair, body):
    return client.post(f"/api/v1/fairs/{fair.slug}/applications/", body, format="json")


def test_a_producer_applies_with_the_slugs_its_product_list_shows(
    vendor_client, vendor, fair, standard_booth, showcase_products
):
    # Everything the producer needs is readable by it: its products (slugs), the booth types.
    listed = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/products/").json()["results"]
    slugs = [row["slug"] for row in listed]
    booth = vendor_client.get(f"/api/v1/fairs/{fair.slug}/booth-types/").json()[0]["id"]
    body = _body(standard_booth, showcase_products, slugs)
    body["booth_type"] = booth
    response = _apply(vendor_client, fair, body)
    assert response.status_code == 201, response.json()
    shown = response.json()["products"]
    assert [p["slug"] for p in shown] == slugs
    assert {"id", "slug"} <= set(shown[0])  # a response names both
    # and the showcase is changed by slug too
    application = ExhibitorApplication.objects.get()
    changed = vendor_client.patch(
        f"/api/v1/fairs/applications/{application.pk}/",
        {"products": [slugs[1]]},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert [p["slug"] for p in changed.json()["products"]] == [slugs[1]]


def test_ids_are_still_accepted_and_may_be_mixed_with_slugs(
    vendor_client, fair, standard_booth, showcase_products
):
    first, second = showcase_products
    body = _body(standard_booth, showcase_products, [first.pk, second.slug])
    response = _apply(vendor_client, fair, body)
    assert response.status_code == 201, response.json()
    assert [p["slug"] for p in response.json()["products"]] == [first.slug, second.slug]


def test_the_same_product_named_twice_is_shown_once(
    vendor_client, fair, standard_booth, showcase_products
):
    first, second = showcase_products
    products = [first.slug, first.pk, second.slug]
    response = _apply(vendor_client, fair, _body(standard_booth, [first], products))
    assert response.status_code == 201, response.json()
    assert [p["slug"] for p in response.json()["products"]] == [first.slug, second.slug]


@pytest.mark.parametrize(
    ("ref", "message"),
    [("khong-co-san-pham-nay", "“khong-co-san-pham-nay”"), (987654, "#987654")],
)
def test_an_unknown_product_is_named_as_given(
    vendor_client, fair, standard_booth, showcase_products, ref, message
):
    body = _body(standard_booth, showcase_products, [ref])
    response = _apply(vendor_client, fair, body)
    assert response.status_code == 400
    assert message in response.json()["errors"]["products"][0]
    assert not ExhibitorApplication.objects.exists()


@pytest.mark.parametrize("ref", [True, 0, -3, 2**63, "có dấu", "", None, 1.5, ["x"]])
def test_a_malformed_reference_is_a_400(
    vendor_client, fair, standard_booth, showcase_products, ref
):
    body = _body(standard_booth, showcase_products, [ref])
    response = _apply(vendor_client, fair, body)
    assert response.status_code == 400, response.content
    assert response.json()["type"] == "urn:giaothuong:problem:validation_error"
    assert "products.0" in response.json()["errors"] or "products" in response.json()["errors"]


def test_another_storefronts_product_by_slug_is_refused(
    vendor_client, fair, standard_booth, showcase_products
):
    foreign = ProductFactory(slug="cua-nguoi-khac")
    body = _body(standard_booth, showcase_products, [foreign.slug])
    response = _apply(vendor_client, fair, body)
    assert response.status_code == 400
    assert response.json()["errors"]["products"]


def test_the_schema_says_slug_or_id():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    schemas = schema["components"]["schemas"]
    for name in ("ApplicationCreateRequest", "PatchedApplicationUpdateRequest"):
        items = schemas[name]["properties"]["products"]["items"]
        assert {o["type"] for o in items["oneOf"]} == {"string", "integer"}
