"""Order numbers under real parallel checkouts on PostgreSQL (D216): unique, readable, and
taken without a queue — a checkout no longer waits for another to commit to get its number."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from orders.models import Order, OrderSequence, StorefrontSales
from orders.services.checkout import checkout_place
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.orders import DELIVERY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 120


@pytest.fixture
def storefronts(postgres):
    products = []
    for i in range(3):
        vendor = VendorFactory(slug=f"htx-so-{i}")
        MembershipFactory(vendor=vendor, user=UserFactory(email=f"seller{i}@example.vn"))
        StorefrontSales.objects.create(vendor=vendor, shipping_fee=30000)
        products.append(ProductFactory(vendor=vendor, slug=f"hang-so-{i}", price=40000))
    return products


def _place(buyer, products):
    return lambda: checkout_place(
        buyer=buyer,
        delivery=DELIVERY,
        lines=[(p.slug, 1) for p in products],
        payment_method="cod",
    )


def test_parallel_checkouts_get_unique_readable_numbers(storefronts):
    buyers = [UserFactory(email=f"mua{i}@example.vn") for i in range(BUYERS)]
    outcomes = run_in_parallel([_place(b, storefronts) for b in buyers], clients=40)
    assert [o.error for o in outcomes if not o.ok] == []
    numbers = list(Order.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 3 * BUYERS
    month = timezone.localtime().strftime("GT-%y%m-")
    assert all(re.fullmatch(rf"{month}\d{{6,}}", n) for n in numbers)
    # Every checkout's answer names its own three orders, none shared with another.
    announced = [n for out in outcomes for n in out.value.orders.values_list("number", flat=True)]
    assert sorted(announced) == sorted(numbers)
    assert not OrderSequence.objects.exists()  # D122's counter row is not used on PostgreSQL


def test_a_checkout_gets_its_numbers_while_another_is_still_open(storefronts):
    """Under D122 the second checkout waited on the month's counter row until the first
    committed; here it must finish (with a 2 s lock timeout) while the first is still open."""
    first_placed, second_done = threading.Event(), threading.Event()
    mine, theirs = UserFactory(email="mot@example.vn"), UserFactory(email="hai@example.vn")

    def first():
        with transaction.atomic():
            checkout = _place(mine, storefronts[:1])()
            first_placed.set()
            assert second_done.wait(20), "the second checkout did not finish"
        return checkout

    def second():
        try:
            assert first_placed.wait(20)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                return _place(theirs, storefronts[1:])()
        finally:
            second_done.set()

    outcomes = run_in_parallel([first, second], clients=2, timeout=60)
    assert [o.error for o in outcomes if not o.ok] == []
    numbers = [n for out in outcomes for n in out.value.orders.values_list("number", flat=True)]
    assert len(numbers) == len(set(numbers)) == 3
    assert Order.objects.count() == 3
