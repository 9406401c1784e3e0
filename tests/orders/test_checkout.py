"""Checkout: one order per storefront, numbers, snapshots, totals, refusals, Idempotency-Key."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from orders.models import CartItem, Checkout, Order, OrderLine, PaymentMethod, ProductStock
from orders.services.numbering import order_number_next
from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.orders.conftest import ADDRESS, checkout_body

pytestmark = pytest.mark.django_db

CHECKOUT, ITEMS = "/api/v1/checkout/", "/api/v1/cart/items/"


def _fill(client, *pairs):
    for product, qty in pairs:
        assert client.post(ITEMS, {"product": product.slug, "quantity": qty}).status_code == 201


def test_cart_checkout_makes_one_order_per_storefront(
    buyer_client,
    product,
    tea,
    terms,
    other_terms,
    owner,
    other_owner,
    django_capture_on_commit_callbacks,
):
    _fill(buyer_client, (product, 2), (tea, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = buyer_client.post(
            CHECKOUT,
            checkout_body(payment_methods={product.vendor.slug: "bank_transfer"}),
            format="json",
        )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["total"] == 90000 + 30000 + 120000 + 20000
    by_vendor = {o["vendor"]["slug"]: o for o in body["orders"]}
    mine, theirs = by_vendor["htx-mi-gao-hung-lo"], by_vendor["htx-che-thanh-ba"]
    assert re.fullmatch(r"GT-\d{4}-\d{6}", mine["number"])
    assert mine["number"] != theirs["number"]
    assert (mine["subtotal"], mine["shipping_fee"], mine["total"]) == (90000, 30000, 120000)
    assert mine["lines"] == [
        {
            "id": mine["lines"][0]["id"],  # what a review names (D135)
            "product": product.slug,
            "product_name": "Mì gạo Hùng Lô",
            "unit_name": product.unit.name,
            "unit_price": 45000,
            "quantity": 2,
            "line_total": 90000,
        }
    ]
    assert mine["status"] == "placed"
    assert mine["payment"]["method"] == "bank_transfer"
    assert mine["payment"]["bank_transfer"]["reference"] == mine["number"]
    assert mine["payment"]["bank_transfer"]["vietqr"].startswith("000201010212")
    assert theirs["payment"]["method"] == "cod"
    assert mine["delivery"]["phone"] == "0912345678"
    assert mine["delivery"]["commune"]["code"] == 7900
    assert not CartItem.objects.exists()  # the cart is emptied
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, other_owner.email])

    # Snapshots: a later price or name change does not touch the order.
    product.price, product.name = 99000, "Đổi tên"
    product.save()
    again = buyer_client.get(f"/api/v1/orders/{mine['number']}/").json()
    assert again["lines"][0]["unit_price"] == 45000
    assert again["lines"][0]["product_name"] == "Mì gạo Hùng Lô"


def test_checkout_with_lines_in_the_body_leaves_the_cart(buyer_client, product, tea):
    _fill(buyer_client, (tea, 1))
    r = buyer_client.post(
        CHECKOUT, checkout_body(lines=[{"product": product.slug, "quantity": 3}]), format="json"
    )
    assert r.status_code == 201, r.content
    assert [o["total"] for o in r.json()["orders"]] == [135000]  # no terms row: free shipping
    assert CartItem.objects.count() == 1


def test_refusals(buyer_client, vendor, product, tea, other_vendor):
    base = checkout_body(lines=[{"product": product.slug, "quantity": 1}])
    assert (
        buyer_client.post(CHECKOUT, checkout_body(), format="json").status_code == 400
    )  # empty cart
    r = buyer_client.post(CHECKOUT, {**base, "commune": 26734}, format="json")  # not in Phú Thọ
    assert r.status_code == 400 and "commune" in r.json()["errors"]
    r = buyer_client.post(CHECKOUT, {**base, "payment_method": "bank_transfer"}, format="json")
    assert r.status_code == 400 and r.json()["type"].endswith("payment_method_refused")
    r = buyer_client.post(CHECKOUT, {**base, "payment_method": "vnpay"}, format="json")
    assert r.status_code == 400  # VNPay not configured, not accepted
    moq = ProductFactory(vendor=vendor, min_order_quantity=5)
    r = buyer_client.post(
        CHECKOUT, checkout_body(lines=[{"product": moq.slug, "quantity": 4}]), format="json"
    )
    assert r.status_code == 400
    on_request = ProductFactory(vendor=vendor, price=None, price_on_request=True)
    r = buyer_client.post(
        CHECKOUT, checkout_body(lines=[{"product": on_request.slug, "quantity": 1}]), format="json"
    )
    assert r.status_code == 400 and r.json()["type"].endswith("lines_unavailable")
    other_vendor.status = "suspended"
    other_vendor.save()
    r = buyer_client.post(
        CHECKOUT, checkout_body(lines=[{"product": tea.slug, "quantity": 1}]), format="json"
    )
    assert r.status_code == 400
    r = buyer_client.post(CHECKOUT, {**base, "phone": "12"}, format="json")
    assert r.status_code == 400 and "phone" in r.json()["errors"]
    assert not Order.objects.exists() and not Checkout.objects.exists()


def test_price_changed_since_the_cart_was_filled_is_refused_until_looked_at(buyer_client, product):
    _fill(buyer_client, (product, 1))
    product.price = 50000
    product.save()
    r = buyer_client.post(CHECKOUT, checkout_body(), format="json")
    assert r.status_code == 409 and r.json()["type"].endswith("cart_changed")
    line = CartItem.objects.get()
    buyer_client.patch(f"{ITEMS}{line.pk}/", {"quantity": 1})  # the buyer accepts the price
    r = buyer_client.post(CHECKOUT, checkout_body(), format="json")
    assert r.status_code == 201 and r.json()["total"] == 50000


def test_stock_is_taken_and_refused_when_short(buyer_client, product):
    ProductStock.objects.create(product=product, quantity=5)
    body = checkout_body(lines=[{"product": product.slug, "quantity": 4}])
    assert buyer_client.post(CHECKOUT, body, format="json").status_code == 201
    assert ProductStock.objects.get().quantity == 1
    r = buyer_client.post(CHECKOUT, body, format="json")
    assert r.status_code == 409 and r.json()["type"].endswith("out_of_stock")
    assert ProductStock.objects.get().quantity == 1
    assert Order.objects.count() == 1


def test_a_double_tap_with_one_idempotency_key_makes_one_checkout(
    buyer_client, product, other_owner
):
    body = checkout_body(lines=[{"product": product.slug, "quantity": 1}])
    first = buyer_client.post(CHECKOUT, body, format="json", HTTP_IDEMPOTENCY_KEY="tap-1")
    second = buyer_client.post(CHECKOUT, body, format="json", HTTP_IDEMPOTENCY_KEY="tap-1")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.json()["orders"][0]["number"] == first.json()["orders"][0]["number"]
    assert Checkout.objects.count() == 1
    other = buyer_client.post(
        CHECKOUT, {**body, "note": "khác"}, format="json", HTTP_IDEMPOTENCY_KEY="tap-1"
    )
    assert other.status_code == 422
    # Keys are per person: another buyer's same key is their own checkout.
    theirs = client_for(other_owner).post(
        CHECKOUT, body, format="json", HTTP_IDEMPOTENCY_KEY="tap-1"
    )
    assert theirs.status_code == 201 and Checkout.objects.count() == 2
    # Without a key, two taps are two checkouts.
    buyer_client.post(CHECKOUT, body, format="json")
    assert Checkout.objects.count() == 3


def test_order_numbers_follow_the_month(settings):
    moment = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)  # 03:00 on 1 January in Hà Nội
    first, second = order_number_next(moment), order_number_next(moment)
    today = order_number_next(timezone.now())
    assert today.startswith(timezone.localtime().strftime("GT-%y%m-"))
    if connection.vendor == "postgresql":  # one sequence for every month, gaps allowed (D216)
        assert first.startswith("GT-2701-") and second.startswith("GT-2701-")
        assert int(first.rsplit("-", 1)[1]) < int(second.rsplit("-", 1)[1])
        assert int(second.rsplit("-", 1)[1]) < int(today.rsplit("-", 1)[1])
    else:  # SQLite, the embedded default: a gapless counter per month (D122)
        assert (first, second) == ("GT-2701-000001", "GT-2701-000002")
        assert today.endswith("-000001")


def test_anonymous_cannot_check_out(api_client, product):
    r = api_client.post(
        CHECKOUT, checkout_body(lines=[{"product": product.slug, "quantity": 1}]), format="json"
    )
    assert r.status_code == 401
    assert OrderLine.objects.count() == 0 and PaymentMethod.COD == "cod"
    assert ADDRESS["province"] == 25
