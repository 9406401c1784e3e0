"""The seller center's questions and quotes (seller16b): the storefront's inquiries, the
thread, a reply, a quote through quote_create, withdrawing it, refusals with the API's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from orders.models import InquiryMessage, InquiryStatus, Quote, QuoteStatus
from tests.factories import InquiryFactory
from tests.web.helpers import HTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(product, buyer):
    inquiry = InquiryFactory(product=product, buyer=buyer, quantity=50)
    InquiryMessage.objects.create(inquiry=inquiry, author=buyer, body="Giá sỉ 50 kg bao nhiêu?")
    return inquiry


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


def _url(inquiry, tail=""):
    return f"/ban-hang/{inquiry.vendor.slug}/hoi-hang/{inquiry.pk}/{tail}"


def test_the_list_and_the_thread(seller, inquiry, other_vendor):
    theirs = InquiryFactory(product__vendor=other_vendor, product__name="Chè Thanh Ba")

    html = seller.get(f"/ban-hang/{inquiry.vendor.slug}/hoi-hang/", **HTML).content.decode()
    assert "Mì gạo Hùng Lô × 50" in html and "Chè Thanh Ba" not in html

    thread = seller.get(_url(inquiry), **HTML)
    assert thread.status_code == 200
    assert "Giá sỉ 50 kg bao nhiêu?" in thread.content.decode()
    assert (
        seller.get(_url(theirs).replace(theirs.vendor.slug, inquiry.vendor.slug)).status_code == 404
    )


def test_reply_then_quote_then_withdraw(seller, inquiry):
    assert seller.post(_url(inquiry, "tra-loi/"), {"body": "Có ạ, 30.000 đ/kg."}).status_code == 302
    assert inquiry.messages.filter(from_vendor=True, body="Có ạ, 30.000 đ/kg.").exists()

    day = timezone.localdate() + dt.timedelta(days=7)
    response = seller.post(
        _url(inquiry, "bao-gia/"),
        {
            "quantity": 50,
            "unit_price": 30000,
            "shipping_fee": 20000,
            "valid_until": day.isoformat(),
        },
    )
    assert response.status_code == 302
    quote = Quote.objects.get(inquiry=inquiry)
    assert (quote.shipping_fee, quote.valid_until) == (20000, day)
    assert [(ln.quantity, ln.unit_price) for ln in quote.lines.all()] == [(50, 30000)]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    html = seller.get(_url(inquiry), **HTML).content.decode()
    assert "1.520.000" in html  # 50 × 30.000 + 20.000

    assert (
        seller.post(_url(inquiry, f"bao-gia/{quote.pk}/rut/"), {"reason": "Hết hàng"}).status_code
        == 302
    )
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.WITHDRAWN
    again = seller.post(_url(inquiry, f"bao-gia/{quote.pk}/rut/"), {})
    assert again.status_code == 409


def test_a_quote_for_a_past_day_is_refused_beside_the_field(seller, inquiry):
    past = timezone.localdate() - dt.timedelta(days=1)

    response = seller.post(
        _url(inquiry, "bao-gia/"),
        {"quantity": 50, "unit_price": 30000, "shipping_fee": 0, "valid_until": past.isoformat()},
    )

    assert response.status_code == 400
    assert "has-error" in response.content.decode()
    assert not Quote.objects.exists()


def test_an_empty_reply_is_refused(seller, inquiry):
    response = seller.post(_url(inquiry, "tra-loi/"), {"body": ""})

    assert response.status_code == 400
    assert inquiry.messages.count() == 1
