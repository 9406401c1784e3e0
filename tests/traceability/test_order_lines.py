"""Which lot filled an order line, and the recall e-mail its buyer then receives (D158)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from orders.models import Order
from tests.orders.conftest import checkout_body
from traceability.models import LotOrderLine

pytestmark = pytest.mark.django_db

LOTS = "/api/v1/products/mi-gao-hung-lo/lots/"
TODAY = timezone.localdate()


@pytest.fixture
def order(buyer_client, product, terms):
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    return Order.objects.get(number=r.json()["orders"][0]["number"])


@pytest.fixture
def lot(vendor_client, product):
    body = {"code": "L1", "produced_on": str(TODAY - dt.timedelta(days=5))}
    assert vendor_client.post(LOTS, body, format="json").status_code == 201
    assert vendor_client.post(f"{LOTS}L1/publish/").status_code == 200
    return "L1"


def test_storefront_records_the_lot_of_a_line_and_a_recall_mails_the_buyer(
    vendor_client, order, lot, buyer, django_capture_on_commit_callbacks
):
    line = order.lines.get()
    r = vendor_client.post(f"{LOTS}L1/order-lines/", {"order_line": line.pk}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["order_number"] == order.number and r.json()["lot"] == "L1"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recall = vendor_client.post(f"{LOTS}L1/recall/", {"reason": "Nấm mốc"}, format="json")
    assert recall.status_code == 200
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert order.number in mail.outbox[0].body and "Nấm mốc" in mail.outbox[0].body


def test_a_line_of_another_storefront_or_product_is_refused(
    order, lot, other_vendor_client, vendor_client, vendor
):
    line = order.lines.get()
    other = other_vendor_client.post(
        f"{LOTS}L1/order-lines/", {"order_line": line.pk}, format="json"
    )
    assert other.status_code == 403
    missing = vendor_client.post(f"{LOTS}L1/order-lines/", {"order_line": 999999}, format="json")
    assert missing.status_code == 404
    assert not LotOrderLine.objects.exists()


def test_a_draft_lot_fills_no_order(vendor_client, order, product):
    body = {"code": "D1", "produced_on": str(TODAY)}
    vendor_client.post(LOTS, body, format="json")
    line = order.lines.get()
    r = vendor_client.post(f"{LOTS}D1/order-lines/", {"order_line": line.pk}, format="json")
    assert r.status_code == 409


def test_no_mail_when_no_order_came_from_the_lot(
    vendor_client, lot, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vendor_client.post(f"{LOTS}L1/recall/", {"reason": "x"}, format="json")
    assert mail.outbox == []
