"""One accepted quote makes exactly one order, under real parallel acceptances on PostgreSQL:
the quote's row lock makes every other tap wait and then see `accepted` (D131)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import Conflict
from orders.models import Inquiry, Order, Quote, QuoteLine, QuoteStatus
from orders.services.checkout import Delivery
from orders.services.quotes import quote_accept
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory

pytestmark = pytest.mark.django_db(transaction=True)

DELIVERY = Delivery(
    recipient_name="Lê Văn Mua",
    phone="0912345678",
    province_code=25,
    commune_code=7900,
    street="Số 1 Hùng Vương",
)


def test_twenty_parallel_acceptances_of_one_quote_make_one_order(postgres):
    vendor = VendorFactory(slug="htx-quote")
    seller = UserFactory(email="seller@example.vn")
    MembershipFactory(vendor=vendor, user=seller)
    product = ProductFactory(vendor=vendor, slug="mien", price=None, price_on_request=True)
    buyer = UserFactory(email="buyer@example.vn")
    inquiry = Inquiry.objects.create(
        product=product, vendor=vendor, buyer=buyer, quantity=100, contact_name="Mua"
    )
    quote = Quote.objects.create(
        inquiry=inquiry, author=seller, valid_until=timezone.localdate() + dt.timedelta(days=3)
    )
    QuoteLine.objects.create(quote=quote, product=product, quantity=100, unit_price=9000)

    def accept():
        return quote_accept(quote=quote, actor=buyer, delivery=DELIVERY, payment_method="cod")

    outcomes = run_in_parallel([accept] * 20, clients=20)
    assert [o.error for o in outcomes if not o.ok and not isinstance(o.error, Conflict)] == []
    assert sum(o.ok for o in outcomes) == 1
    assert {o.error.code for o in outcomes if not o.ok} == {"quote_accepted"}
    assert Order.objects.count() == 1
    assert Quote.objects.get().status == QuoteStatus.ACCEPTED
    assert Order.objects.get().total == 900000
