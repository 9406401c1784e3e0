"""Idempotency-Key under real parallel requests on PostgreSQL: while the first request with a
key is still running, a duplicate gets 409 and nothing is written twice; afterwards the key
replays the first answer."""

from __future__ import annotations

import threading

import pytest

from catalog.models import Product
from catalog.services import products as product_services
from orders.models import Checkout
from partners.models import IdempotencyRecord
from tests.concurrency.conftest import run_in_parallel
from tests.conftest import client_for
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.partners import (
    PartnerClientFactory,
    StorefrontGrantFactory,
    partner_api,
    partner_key,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_duplicate_gets_409(postgres, monkeypatch):
    vendor = VendorFactory(slug="htx-song-song")
    MembershipFactory(vendor=vendor, user=UserFactory(email="owner-pg@example.vn"))
    client = PartnerClientFactory(scopes=["catalog:read", "listings:write"])
    StorefrontGrantFactory(vendor=vendor, client=client)
    key = partner_key(client)
    body = {
        "vendor": vendor.slug,
        "name": "Bưởi Đoan Hùng",
        "category": "gao-ngu-coc",
        "unit": "kg",
        "price": 30000,
    }

    duplicate_answered = threading.Event()
    real_create = product_services.product_create

    def slow_create(**kwargs):
        # Hold the first request inside its transaction until the duplicate has its answer.
        duplicate_answered.wait(timeout=10)
        return real_create(**kwargs)

    monkeypatch.setattr(product_services, "product_create", slow_create)

    def post():
        response = partner_api(key).post(
            "/api/v1/products/", body, format="json", HTTP_IDEMPOTENCY_KEY="order-42"
        )
        if response.status_code == 409:
            duplicate_answered.set()
        return response

    outcomes = run_in_parallel([post, post], clients=2)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    codes = sorted(o.value.status_code for o in outcomes)
    assert codes == [201, 409]
    refused = next(o.value for o in outcomes if o.value.status_code == 409)
    assert refused.json()["type"] == "urn:giaothuong:problem:idempotency_in_progress"
    assert Product.objects.filter(vendor=vendor).count() == 1
    assert IdempotencyRecord.objects.get().state == "done"

    replay = post()
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    first = next(o.value for o in outcomes if o.value.status_code == 201)
    assert replay.json() == first.json()
    assert Product.objects.filter(vendor=vendor).count() == 1


def test_a_buyers_parallel_double_tap_makes_one_checkout(postgres):
    """People's keys (D121): ten taps at once with one key make one checkout; the others are
    told it is still running (409) or get the first answer replayed."""
    vendor = VendorFactory(slug="htx-cham-hai-lan")
    MembershipFactory(vendor=vendor, user=UserFactory(email="seller-pg@example.vn"))
    product = ProductFactory(vendor=vendor, slug="mien-dong-pg")
    buyer = UserFactory(email="buyer-pg@example.vn")
    body = {
        "lines": [{"product": product.slug, "quantity": 1}],
        "recipient_name": "Lê Văn Mua",
        "phone": "0912345678",
        "province": 25,
        "commune": 7900,
        "street": "Số 1",
        "payment_method": "cod",
    }

    def tap():
        return client_for(buyer).post(
            "/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="tap-tap"
        )

    outcomes = run_in_parallel([tap] * 10, clients=10)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert {o.value.status_code for o in outcomes} <= {201, 409}
    assert Checkout.objects.count() == 1
    numbers = {
        o.value.json()["orders"][0]["number"] for o in outcomes if o.value.status_code == 201
    }
    assert len(numbers) == 1
