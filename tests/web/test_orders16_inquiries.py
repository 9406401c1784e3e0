"""A buyer's questions and quotes as pages (issue 16, orders16): the thread with the storefront,
replies, closing, and accepting a quote, which makes an order through the checkout as the API
does; refusals (an expired or withdrawn quote, a wrong address) shown on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from orders.models import Inquiry, InquiryMessage, InquiryStatus, Order, Quote, QuoteStatus
from orders.services import quotes
from tests.factories import InquiryFactory, ProductFactory, UserFactory
from tests.web.activity_setup import sales_terms

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def asked(buyer, vendor, owner):
    sales_terms(vendor)
    product = ProductFactory(vendor=vendor, slug="mien-dong", name="Miến dong Tân Sơn")
    inquiry = InquiryFactory(product=product, buyer=buyer, quantity=200)
    InquiryMessage.objects.create(inquiry=inquiry, author=buyer, body="Giá sỉ 200 kg?")
    return inquiry


def _quote(inquiry, owner, days=5, price=40000):
    return quotes.quote_create(
        inquiry=inquiry,
        actor=owner,
        lines=[(inquiry.product.slug, 200, price)],
        shipping_fee=50000,
        valid_until=timezone.localdate() + dt.timedelta(days=days),
        note="Giao trong 3 ngày",
    )


@pytest.fixture
def me(client, buyer):
    client.force_login(buyer)
    return client


def _accept_body(quote, **change):
    p = f"q{quote.pk}-"
    body = {
        p + "recipient_name": "Lê Văn Mua",
        p + "phone": "0912 345 678",
        p + "province": "25",
        p + "commune": "7900",
        p + "street": "Số 12, đường Hùng Vương",
        p + "note": "",
        p + "payment_method": "cod",
    }
    body.update({p + k: v for k, v in change.items()})
    return body


def test_the_list_shows_my_inquiries_only(me, asked):
    InquiryFactory(product=asked.product)  # another buyer's

    response = me.get("/tai-khoan/hoi-hang/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'href="/tai-khoan/hoi-hang/\d+/"', html)) == 1
    assert "Miến dong Tân Sơn" in html and "no-store" in response["Cache-Control"]


def test_the_thread_shows_the_messages_and_the_quotes(me, asked, owner):
    _quote(asked, owner)

    response = me.get(f"/tai-khoan/hoi-hang/{asked.pk}/", **HTML)

    html = response.content.decode()
    assert "Giá sỉ 200 kg?" in html and "Giao trong 3 ngày" in html
    assert "8.050.000" in html  # 200 × 40.000 + 50.000
    assert "Nhận báo giá này" in html
    # only the storefront's methods of payment (VNPay's terminal is not set here)
    assert 'value="cod"' in html and 'value="bank_transfer"' in html
    assert 'value="vnpay"' not in html


def test_reply_in_the_thread_and_close_it(me, asked):
    response = me.post(f"/tai-khoan/hoi-hang/{asked.pk}/tra-loi/", {"body": "Có giao Việt Trì?"})

    assert response.status_code == 302
    assert InquiryMessage.objects.filter(inquiry=asked, body="Có giao Việt Trì?").exists()
    empty = me.post(f"/tai-khoan/hoi-hang/{asked.pk}/tra-loi/", {"body": ""})
    assert empty.status_code == 400 and "Trường này là bắt buộc." in empty.content.decode()

    assert me.post(f"/tai-khoan/hoi-hang/{asked.pk}/dong/").status_code == 302
    assert Inquiry.objects.get(pk=asked.pk).status == InquiryStatus.CLOSED
    again = me.post(f"/tai-khoan/hoi-hang/{asked.pk}/dong/")
    assert again.status_code == 409 and 'role="alert"' in again.content.decode()


def test_accepting_a_quote_makes_an_order_as_the_api_does(me, asked, owner, buyer):
    quote = _quote(asked, owner)

    response = me.post(
        f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/", _accept_body(quote)
    )

    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode())
    order = Order.objects.get(buyer=buyer)
    assert response["Location"] == f"/tai-khoan/don-hang/{order.number}/"
    assert (order.subtotal, order.shipping_fee, order.total) == (8000000, 50000, 8050000)
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.ACCEPTED
    page = me.get(response["Location"], **HTML).content.decode()
    assert order.number in page and "Miến dong Tân Sơn" in page

    twice = me.post(f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/", _accept_body(quote))
    assert twice.status_code == 409
    assert "Báo giá này đã được chấp nhận." in twice.content.decode()
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_an_expired_quote_is_refused_and_a_bad_address_shows_beside_its_field(me, asked, owner):
    quote = _quote(asked, owner)
    bad = me.post(
        f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/",
        _accept_body(quote, phone="12"),
    )
    assert bad.status_code == 400
    assert 'class="field has-error"' in bad.content.decode()

    Quote.objects.filter(pk=quote.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    late = me.post(f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/", _accept_body(quote))
    assert late.status_code == 409
    assert "đề nghị gian hàng báo giá mới" in late.content.decode()
    assert not Order.objects.exists()


def test_choosing_a_province_lists_its_communes_without_javascript(me, asked, owner):
    quote = _quote(asked, owner)

    response = me.post(
        f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/",
        {**_accept_body(quote, commune=""), "communes": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="7900"' in html
    assert "has-error" not in html and not Order.objects.exists()


def test_another_buyers_inquiry_and_quote_are_404(client, asked, owner):
    quote = _quote(asked, owner)
    for person in (UserFactory(), owner):
        client.force_login(person)
        assert client.get(f"/tai-khoan/hoi-hang/{asked.pk}/", **HTML).status_code == 404
        url = f"/tai-khoan/hoi-hang/{asked.pk}/bao-gia/{quote.pk}/nhan/"
        assert client.post(url, _accept_body(quote)).status_code == 404
    assert not Order.objects.exists()


def test_the_thread_page_keeps_its_queries_bounded(me, asked, owner, django_assert_max_num_queries):
    for days in (3, 4, 5):
        _quote(asked, owner, days=days)

    with django_assert_max_num_queries(14):
        assert me.get(f"/tai-khoan/hoi-hang/{asked.pk}/", **HTML).status_code == 200
    with django_assert_max_num_queries(10):
        assert me.get("/tai-khoan/hoi-hang/", **HTML).status_code == 200
