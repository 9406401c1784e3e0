"""What one checkout costs the database: a 3-storefront cart in a bounded number of statements
(D217), so the checkout rush's cost cannot creep back one query at a time."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditLog
from core.reference import warm_reference_tables
from orders.models import CartItem, Order, ProductStock, StorefrontSales
from partners.models import Change
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db

CHECKOUT = "/api/v1/checkout/"


@pytest.fixture
def three_storefronts(buyer, buyer_client):
    products = []
    for i in range(3):
        vendor = VendorFactory(slug=f"htx-ba-{i}")
        MembershipFactory(vendor=vendor, user=UserFactory(email=f"owner{i}@example.vn"))
        MembershipFactory(vendor=vendor, user=UserFactory(email=f"staff{i}@example.vn"))
        StorefrontSales.objects.create(vendor=vendor, shipping_fee=30000)
        product = ProductFactory(vendor=vendor, slug=f"hang-{i}", price=40000)
        ProductStock.objects.create(product=product, quantity=100)
        products.append(product)
        assert (
            buyer_client.post(
                "/api/v1/cart/items/", {"product": product.slug, "quantity": 2}
            ).status_code
            == 201
        )
    return products


# Statements a 3-storefront checkout from the cart sends, savepoints aside (a request's own
# transaction is BEGIN/COMMIT, not counted by Django either): the idempotency claim; the cart,
# the products, the buyer's memberships, the terms of sale; the stock rows locked
# and updated; the checkout, its numbers, orders, lines, payments, audit entries, change-feed
# rows, the members' addresses; the cart emptied (read, delete); the stored answer. 51 with
# savepoints (45 without) before D217.
MAX_STATEMENTS = 18


def _statements(captured):
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    ]


def test_a_three_storefront_checkout_costs_few_statements(
    buyer, buyer_client, three_storefronts, django_capture_on_commit_callbacks
):
    ContentType.objects.get_for_model(Order)  # cached for the life of a process
    warm_reference_tables()  # as gunicorn does in each worker (core/reference.py)
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as captured,
    ):
        r = buyer_client.post(
            CHECKOUT, checkout_body(), format="json", HTTP_IDEMPOTENCY_KEY="count-1"
        )
    assert r.status_code == 201, r.content
    statements = _statements(captured)
    assert len(statements) <= MAX_STATEMENTS, "\n".join(s[:120] for s in statements)
    for table in ("orders_order", "orders_orderline", "orders_payment", "marketplace_auditlog"):
        assert sum(s.startswith(f'INSERT INTO "{table}"') for s in statements) == 1, table
    assert sum(s.startswith('INSERT INTO "marketplace_change"') for s in statements) == 1

    # What the buyer sees is what was written: three orders, each with its line and payment.
    body = r.json()
    numbers = [o["number"] for o in body["orders"]]
    assert len(set(numbers)) == 3
    assert body["total"] == 3 * (80000 + 30000)
    by_slug = {o["vendor"]["slug"]: o for o in body["orders"]}
    assert sorted(by_slug) == ["htx-ba-0", "htx-ba-1", "htx-ba-2"]
    for i, product in enumerate(three_storefronts):
        order = by_slug[f"htx-ba-{i}"]
        assert [(ln["product"], ln["quantity"], ln["line_total"]) for ln in order["lines"]] == [
            (product.slug, 2, 80000)
        ]
        assert order["payment"]["method"] == "cod" and order["payment"]["status"] == "pending"
        assert order["delivery"]["commune"]["code"] == 7900
        assert order["delivery"]["province"]["name"]
        assert order["buyer_name"] == buyer.full_name
    fresh = buyer_client.get(f"/api/v1/orders/{numbers[0]}/").json()
    assert fresh == body["orders"][0]  # the answer equals a later read of the order
    assert sorted(Order.objects.values_list("number", flat=True)) == sorted(numbers)
    assert AuditLog.objects.filter(action="orders.order.placed").count() == 3
    assert Change.objects.filter(kind="order", event="order.created").count() == 3
    assert [ps.quantity for ps in ProductStock.objects.order_by("product_id")] == [98, 98, 98]
    assert not CartItem.objects.exists()
    # Each storefront hears of its own order, every active member of it.
    heard = {m.subject.split()[-1]: sorted(m.to) for m in mail.outbox}
    assert heard == {
        by_slug[f"htx-ba-{i}"]["number"]: sorted([f"owner{i}@example.vn", f"staff{i}@example.vn"])
        for i in range(3)
    }

    # The double tap gets the stored answer, the same body, and nothing is written twice.
    again = buyer_client.post(
        CHECKOUT, checkout_body(), format="json", HTTP_IDEMPOTENCY_KEY="count-1"
    )
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert Order.objects.count() == 3
