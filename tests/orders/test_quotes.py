"""Quotes (D130): a storefront answers an inquiry with prices, the buyer accepts one and it
becomes one order through the checkout at the quoted prices; expired, withdrawn and accepted
quotes are refused with 409; the permission matrix of every quote endpoint."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditLog
from orders.models import Inquiry, InquiryStatus, Order, Quote, QuoteStatus
from tests.conftest import client_for
from tests.factories import ProductFactory, UserFactory
from tests.orders.conftest import ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(buyer, product):
    return Inquiry.objects.create(
        product=product, vendor=product.vendor, buyer=buyer, quantity=500, contact_name="Mua"
    )


@pytest.fixture
def on_request(vendor):
    return ProductFactory(
        vendor=vendor, slug="mien-dong", name="Miến dong", price=None, price_on_request=True
    )


def _body(*products, days=7, **extra):
    return {
        "lines": [
            {"product": p.slug, "quantity": 100 * (i + 1), "unit_price": 9000 + i}
            for i, p in enumerate(products)
        ],
        "shipping_fee": 150000,
        "valid_until": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        "note": "Giá sỉ, giao trong 5 ngày.",
        **extra,
    }


@pytest.fixture
def quote(vendor_client, inquiry, product, on_request):
    r = vendor_client.post(
        f"/api/v1/inquiries/{inquiry.pk}/quotes/", _body(product, on_request), format="json"
    )
    assert r.status_code == 201, r.content
    return Quote.objects.get(pk=r.json()["id"])


ACCEPT = {**ADDRESS, "payment_method": "cod"}


def _accept(client, quote, **headers):
    return client.post(f"/api/v1/quotes/{quote.pk}/accept/", ACCEPT, format="json", **headers)


def test_a_quote_with_a_price_on_request_product_becomes_one_order_at_its_prices(
    quote, inquiry, buyer, buyer_client, terms, django_capture_on_commit_callbacks
):
    shown = buyer_client.get(f"/api/v1/inquiries/{inquiry.pk}/quotes/").json()["results"]
    assert [q["id"] for q in shown] == [quote.pk]
    assert shown[0]["status"] == "open"
    assert shown[0]["subtotal"] == 100 * 9000 + 200 * 9001
    assert shown[0]["total"] == shown[0]["subtotal"] + 150000
    assert Inquiry.objects.get().status == InquiryStatus.ANSWERED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = _accept(buyer_client, quote)
    assert r.status_code == 201, r.content
    order = r.json()["order"]
    assert [(ln["product"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("mi-gao-hung-lo", 100, 9000),
        ("mien-dong", 200, 9001),
    ]
    # The quote's shipping fee, not the storefront's terms (30 000, free over 500 000).
    assert (order["shipping_fee"], order["total"]) == (150000, shown[0]["total"])
    assert order["delivery"]["recipient_name"] == ADDRESS["recipient_name"]
    assert r.json()["quote"]["status"] == "accepted"
    assert r.json()["quote"]["order"] == order["number"]
    assert Order.objects.get().quote.pk == quote.pk
    assert any(order["number"] in m.subject for m in mail.outbox)  # the storefront's e-mail
    assert list(
        AuditLog.objects.filter(action__startswith="orders.quote.")
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    ) == [
        ("orders.quote.created", "", "open"),
        ("orders.quote.accepted", "open", "accepted"),
    ]


def test_one_accepted_quote_makes_exactly_one_order(quote, buyer_client, terms):
    first = _accept(buyer_client, quote, HTTP_IDEMPOTENCY_KEY="q-1")
    again = _accept(buyer_client, quote, HTTP_IDEMPOTENCY_KEY="q-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["order"]["number"] == first.json()["order"]["number"]
    other_key = _accept(buyer_client, quote, HTTP_IDEMPOTENCY_KEY="q-2")
    assert other_key.status_code == 409 and other_key.json()["type"].endswith("quote_accepted")
    assert _accept(buyer_client, quote).status_code == 409
    assert Order.objects.count() == 1


def test_an_expired_quote_cannot_be_accepted(quote, buyer_client, terms):
    today = timezone.localdate()  # Asia/Ho_Chi_Minh
    Quote.objects.filter(pk=quote.pk).update(valid_until=today)
    assert _accept(buyer_client, quote).status_code == 201  # its last day still counts
    other = Quote.objects.create(
        inquiry=quote.inquiry, author=quote.author, valid_until=today - dt.timedelta(days=1)
    )
    assert buyer_client.get(f"/api/v1/quotes/{other.pk}/").json()["status"] == "expired"
    r = _accept(buyer_client, other)
    assert r.status_code == 409 and r.json()["type"].endswith("quote_expired")
    assert Quote.objects.get(pk=other.pk).status == QuoteStatus.OPEN


def test_a_withdrawn_quote_cannot_be_accepted(quote, vendor_client, buyer_client):
    r = vendor_client.post(f"/api/v1/quotes/{quote.pk}/withdraw/", {"reason": "Hết hàng"})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    r = _accept(buyer_client, quote)
    assert r.status_code == 409 and r.json()["type"].endswith("quote_withdrawn")
    again = vendor_client.post(f"/api/v1/quotes/{quote.pk}/withdraw/", {})
    assert again.status_code == 409 and again.json()["type"].endswith("quote_not_open")
    row = AuditLog.objects.get(action="orders.quote.withdrawn")
    assert (row.from_state, row.to_state, row.reason) == ("open", "withdrawn", "Hết hàng")
    assert Order.objects.count() == 0


def test_an_accepted_quote_cannot_be_withdrawn(quote, vendor_client, buyer_client, terms):
    assert _accept(buyer_client, quote).status_code == 201
    r = vendor_client.post(f"/api/v1/quotes/{quote.pk}/withdraw/", {})
    assert r.status_code == 409


def test_refused_quotes(vendor_client, inquiry, product, other_vendor):
    url = f"/api/v1/inquiries/{inquiry.pk}/quotes/"
    theirs = ProductFactory(vendor=other_vendor, slug="che", name="Chè")
    assert vendor_client.post(url, _body(theirs), format="json").status_code == 400
    assert vendor_client.post(url, _body(product, days=-1), format="json").status_code == 400
    assert (
        vendor_client.post(url, {**_body(product), "lines": []}, format="json").status_code == 400
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(status=InquiryStatus.CLOSED)
    r = vendor_client.post(url, _body(product), format="json")
    assert r.status_code == 409 and r.json()["type"].endswith("inquiry_closed")
    assert Quote.objects.count() == 0


def test_the_accepting_buyer_gives_an_address_and_a_method_the_storefront_takes(
    quote, buyer_client, terms
):
    r = buyer_client.post(f"/api/v1/quotes/{quote.pk}/accept/", {"payment_method": "cod"})
    assert r.status_code == 400
    r = buyer_client.post(
        f"/api/v1/quotes/{quote.pk}/accept/", {**ACCEPT, "payment_method": "vnpay"}, format="json"
    )
    assert r.status_code == 400 and r.json()["type"].endswith("payment_method_refused")
    assert Quote.objects.get().status == QuoteStatus.OPEN


@pytest.fixture
def people(buyer, owner, other_owner, moderator):
    return {
        "buyer": client_for(buyer),
        "other_buyer": client_for(UserFactory(email="b2@example.vn")),
        "storefront": client_for(owner),
        "other_storefront": client_for(other_owner),
        "moderator": client_for(moderator),
        "anonymous": client_for(None),
    }


def test_permission_matrix(people, quote, inquiry, product, terms, other_vendor):
    see = {
        "buyer": 200,
        "other_buyer": 404,
        "storefront": 200,
        "other_storefront": 404,
        "moderator": 200,
        "anonymous": 401,
    }
    for who, code in see.items():
        assert people[who].get(f"/api/v1/quotes/{quote.pk}/").status_code == code, who
        r = people[who].get(f"/api/v1/inquiries/{inquiry.pk}/quotes/")
        assert r.status_code == code, who
    create = {**see, "buyer": 403, "moderator": 403, "storefront": 201}
    for who, code in create.items():
        r = people[who].post(
            f"/api/v1/inquiries/{inquiry.pk}/quotes/", _body(product), format="json"
        )
        assert r.status_code == code, who
    accept = {**see, "buyer": 201, "storefront": 403, "moderator": 403}
    withdraw = {**see, "buyer": 403, "storefront": 200, "moderator": 403}
    for who, code in withdraw.items():
        if who == "storefront":
            continue
        r = people[who].post(f"/api/v1/quotes/{quote.pk}/withdraw/", {})
        assert r.status_code == code, who
    for who, code in accept.items():
        r = people[who].post(f"/api/v1/quotes/{quote.pk}/accept/", ACCEPT, format="json")
        assert r.status_code == code, who
    assert people["storefront"].post(f"/api/v1/quotes/{quote.pk}/withdraw/", {}).status_code == 409


def test_refusals_speak_vietnamese(quote, buyer_client):
    Quote.objects.filter(pk=quote.pk).update(valid_until=dt.date(2020, 1, 31))
    r = buyer_client.post(
        f"/api/v1/quotes/{quote.pk}/accept/", ACCEPT, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert r.status_code == 409
    assert "Báo giá này đã hết hạn ngày 31/01/2020" in str(r.json())
