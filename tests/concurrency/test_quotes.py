"""One accepted quote makes exactly one order, under real parallel acceptances on PostgreSQL:
the quote's row lock makes every other tap wait and then see `accepted` (D131).

The unlocked run (orders.services.quotes.LOCKS_ENABLED = False, plus a small pause between the
checks and the checkout) shows the race is real: every tap passes the checks and runs a whole
checkout. What still keeps it to one order then is transition()'s own re-read under lock, which
refuses the late ones with a generic 409 illegal_transition after their checkout work (D160)."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest
from django.utils import timezone

from core.errors import Conflict
from orders.models import Inquiry, Order, Quote, QuoteLine, QuoteStatus
from orders.services import quotes
from orders.services.quotes import quote_accept
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.orders import DELIVERY

pytestmark = pytest.mark.django_db(transaction=True)


TAPS = 20


@pytest.fixture
def counted_checkouts(monkeypatch):
    """How many acceptances got past the quote's checks into a checkout, with a 5 ms pause
    between the checks and the checkout (the window a race needs)."""
    calls = []
    lock = threading.Lock()
    real = quotes.checkout_place

    def counting(**kwargs):
        with lock:
            calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(quotes, "checkout_place", counting)
    monkeypatch.setattr(quotes, "RACE_WINDOW", lambda: time.sleep(0.005))
    return calls


@pytest.fixture
def open_quote(postgres):
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

    return accept


def _one_order_made() -> None:
    assert Order.objects.count() == 1
    assert Quote.objects.get().status == QuoteStatus.ACCEPTED
    assert Quote.objects.get().order_id == Order.objects.get().pk
    assert Order.objects.get().total == 900000
    # One number: the losers rolled back before taking any (gaps would be allowed, D216).
    assert re.fullmatch(r"GT-\d{4}-\d{6,}", Order.objects.get().number)


def test_twenty_parallel_acceptances_of_one_quote_make_one_order(open_quote, counted_checkouts):
    outcomes = run_in_parallel([open_quote] * TAPS, clients=TAPS)
    assert [o.error for o in outcomes if not o.ok and not isinstance(o.error, Conflict)] == []
    assert sum(o.ok for o in outcomes) == 1
    assert {o.error.code for o in outcomes if not o.ok} == {"quote_accepted"}
    assert len(counted_checkouts) == 1, "with the lock only the winner reaches the checkout"
    _one_order_made()


def test_without_the_quotes_lock_every_tap_races_into_a_checkout(
    open_quote, counted_checkouts, monkeypatch
):
    monkeypatch.setattr(quotes, "LOCKS_ENABLED", False)
    outcomes = run_in_parallel([open_quote] * TAPS, clients=TAPS)
    assert len(counted_checkouts) > 1, "the unlocked run should show the race"
    assert [o.error for o in outcomes if not o.ok and not isinstance(o.error, Conflict)] == []
    assert sum(o.ok for o in outcomes) == 1
    # The late taps were refused by transition()'s re-read, not by the quote's own check.
    assert "illegal_transition" in {o.error.code for o in outcomes if not o.ok}
    _one_order_made()
