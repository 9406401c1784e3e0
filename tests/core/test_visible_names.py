"""Public names need a visible character and no text-direction controls (issue 12, item 12,
D108): one validator in core, on every public name a client writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_visible_name
from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.factories.fairs import FairFactory, OrganizerFactory

pytestmark = pytest.mark.django_db

INVISIBLE = [
    "\u0301\u0301\u0300",  # combining marks only
    "\u200b\u200c\u200d",  # zero-width space and joiners
    "\u202e\u202d",  # bidi overrides only
    "\u2066\u2069",  # bidi isolates
    "\ufeff\u00ad",  # BOM, soft hyphen
    " \u200b \u0301 ",
    "\u3164\u3164",  # Hangul filler
]
BIDI_INSIDE = "Chè Thanh Ba\u202e gnaul"


@pytest.mark.parametrize("name", INVISIBLE)
def test_the_validator_refuses_invisible_names(name):
    with pytest.raises(ValidationError):
        validate_visible_name(name)


@pytest.mark.parametrize("name", ["Bưởi Đoan Hùng", "Ổi", "5", "Café\u0301 ĐTĐ", "X\u200dY"])
def test_the_validator_accepts_real_names(name):
    validate_visible_name(name)


def test_a_bidi_override_inside_a_name_is_refused():
    with pytest.raises(ValidationError):
        validate_visible_name(BIDI_INSIDE)


STOREFRONT = {
    "kind": "household",
    "legal_name": "Hộ kinh doanh Nguyễn Văn A",
    "display_name": "Chè Thanh Ba",
    "tax_code": "0101234567",
    "province": 25,
    "commune": 8761,
    "street_address": "Khu 3",
    "phone": "0210 3812 345",
    "email": "che@example.vn",
}


@pytest.mark.parametrize("name", [INVISIBLE[0], INVISIBLE[1], INVISIBLE[2], BIDI_INSIDE])
@pytest.mark.parametrize("field", ["display_name", "legal_name"])
def test_storefront_names_refused(buyer_client, field, name):
    response = buyer_client.post("/api/v1/vendors/", {**STOREFRONT, field: name}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("name", [INVISIBLE[0], INVISIBLE[1], BIDI_INSIDE])
def test_product_names_refused_on_create_and_edit(vendor_client, vendor, name):
    product = ProductFactory(vendor=vendor)
    created = vendor_client.post(
        "/api/v1/products/",
        {
            "vendor": vendor.slug,
            "name": name,
            "category": product.category.slug,
            "unit": product.unit.code,
            "price": 1000,
        },
        format="json",
    )
    assert created.status_code == 400
    assert "name" in created.json()["errors"]
    edited = vendor_client.patch(f"/api/v1/products/{product.slug}/", {"name": name}, format="json")
    assert edited.status_code == 400
    assert "name" in edited.json()["errors"]


def test_person_names_refused(api_client, buyer_client):
    registered = api_client.post(
        "/api/v1/auth/register/",
        {"email": "an@example.vn", "password": "che-thanh-ba-2025", "full_name": INVISIBLE[1]},
        format="json",
    )
    assert registered.status_code == 400
    assert "full_name" in registered.json()["errors"]
    me = buyer_client.patch("/api/v1/me/", {"full_name": INVISIBLE[2]}, format="json")
    assert me.status_code == 400
    assert "full_name" in me.json()["errors"]


def test_fair_names_refused(db):
    organizer = OrganizerFactory()
    fair = FairFactory(organizers=[organizer])
    client = client_for(organizer)
    patched = client.patch(f"/api/v1/fairs/{fair.slug}/", {"name": INVISIBLE[0]}, format="json")
    assert patched.status_code == 400
    assert "name" in patched.json()["errors"]
    booth = client.post(
        f"/api/v1/fairs/{fair.slug}/booth-types/",
        {"name": INVISIBLE[1], "size": "3m × 3m", "price": 1000, "count": 1},
        format="json",
    )
    assert booth.status_code == 400
    assert "name" in booth.json()["errors"]
