"""Stock under real parallel checkouts on PostgreSQL: never oversold.

The unlocked run (orders.services.stock.LOCKS_ENABLED = False, plus a small pause between
reading the count and writing it) shows the race is real; the same run with the lock shows it
gone: 200 parallel checkouts for 20 units sell exactly 20.
"""

from __future__ import annotations

import time

import pytest
from django.db.models import Sum

from core.errors import Conflict
from orders.models import Order, OrderLine, ProductStock
from orders.services import stock
from orders.services.checkout import checkout_place
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.orders import DELIVERY

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 200
UNITS = 20


@pytest.fixture
def rush(postgres):
    vendor = VendorFactory(slug="htx-rush")
    MembershipFactory(vendor=vendor, user=UserFactory(email="seller@example.vn"))
    scarce = ProductFactory(vendor=vendor, slug="ga-doi", name="Gà đồi", price=250000)
    plenty = ProductFactory(vendor=vendor, slug="mien-dong", name="Miến dong", price=40000)
    ProductStock.objects.create(product=scarce, quantity=UNITS)
    ProductStock.objects.create(product=plenty, quantity=10_000)
    buyers = [UserFactory(email=f"buyer{i}@example.vn") for i in range(BUYERS)]

    def call(buyer):
        # Lines in both orders of the products: the fixed lock order keeps this deadlock-free.
        lines = (
            [("mien-dong", 1), ("ga-doi", 1)] if buyer.pk % 2 else [("ga-doi", 1), ("mien-dong", 1)]
        )
        return lambda: checkout_place(
            buyer=buyer, delivery=DELIVERY, lines=lines, payment_method="cod"
        )

    return scarce, [call(b) for b in buyers]


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(stock, "RACE_WINDOW", lambda: time.sleep(0.005))


def _sold(product) -> int:
    return OrderLine.objects.filter(product=product).aggregate(n=Sum("quantity"))["n"] or 0


def test_200_parallel_checkouts_for_20_units_sell_exactly_20(rush, wide_race_window):
    scarce, calls = rush
    outcomes = run_in_parallel(calls, clients=len(calls))
    unexpected = [o.error for o in outcomes if not o.ok and not isinstance(o.error, Conflict)]
    assert unexpected == []
    assert sum(o.ok for o in outcomes) == UNITS
    assert _sold(scarce) == UNITS
    assert ProductStock.objects.get(product=scarce).quantity == 0
    numbers = list(Order.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == UNITS  # race-safe numbering (D216)


def test_without_the_lock_the_same_rush_oversells(rush, wide_race_window, monkeypatch):
    monkeypatch.setattr(stock, "LOCKS_ENABLED", False)
    scarce, calls = rush
    run_in_parallel(calls, clients=len(calls))
    assert _sold(scarce) > UNITS, "the unlocked run should show the race"
