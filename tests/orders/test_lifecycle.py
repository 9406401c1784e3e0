"""An order's lifecycle over the API: every move legal and illegal, who may make it, audit
rows, e-mails after commit, stock back on cancellation, the return window."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditLog
from orders.models import Order, OrderStatus, PaymentStatus, ProductStock
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db

CHECKOUT = "/api/v1/checkout/"


@pytest.fixture
def order(buyer_client, product, terms):
    r = buyer_client.post(
        CHECKOUT,
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    return Order.objects.get(number=r.json()["orders"][0]["number"])


def _act(client, order, action, body=None):
    return client.post(f"/api/v1/orders/{order.number}/{action}/", body or {}, format="json")


def test_the_whole_way_placed_to_completed(
    order, buyer_client, vendor_client, buyer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _act(vendor_client, order, "confirm").json()["status"] == "confirmed"
    assert mail.outbox[-1].to == [buyer.email] and order.number in mail.outbox[-1].subject
    r = _act(vendor_client, order, "ship", {"carrier": "Viettel Post", "tracking_code": "VTP123"})
    assert (r.json()["status"], r.json()["carrier"], r.json()["tracking_code"]) == (
        "shipped",
        "Viettel Post",
        "VTP123",
    )
    r = _act(vendor_client, order, "deliver")
    assert r.json()["status"] == "delivered"
    assert r.json()["payment"]["status"] == "paid"  # cash collected on delivery
    assert _act(buyer_client, order, "complete").json()["status"] == "completed"
    actions = list(
        AuditLog.objects.filter(target_id=str(order.pk), action__startswith="orders.order.")
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    )
    assert actions == [
        ("orders.order.placed", "", "placed"),
        ("orders.order.confirmed", "placed", "confirmed"),
        ("orders.order.shipped", "confirmed", "shipped"),
        ("orders.order.delivered", "shipped", "delivered"),
        ("orders.order.completed", "delivered", "completed"),
    ]


def test_illegal_moves_are_409(order, vendor_client, buyer_client):
    assert _act(vendor_client, order, "deliver").status_code == 409
    assert _act(buyer_client, order, "complete").status_code == 409
    assert _act(buyer_client, order, "return", {"reason": "hỏng"}).status_code == 409
    _act(vendor_client, order, "confirm")
    assert _act(vendor_client, order, "confirm").status_code == 409
    # The buyer may cancel only before confirmation.
    assert _act(buyer_client, order, "cancel").status_code == 409
    assert (
        _act(vendor_client, order, "ship", {"carrier": "", "tracking_code": ""}).status_code == 400
    )


def test_cancellation_returns_stock(order, product, buyer_client, vendor_client):
    ProductStock.objects.create(product=product, quantity=10)
    order2 = Order.objects.get(
        number=buyer_client.post(
            CHECKOUT, checkout_body(lines=[{"product": product.slug, "quantity": 3}]), format="json"
        ).json()["orders"][0]["number"]
    )
    assert ProductStock.objects.get().quantity == 7
    r = _act(buyer_client, order2, "cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert r.json()["payment"]["status"] == "failed"
    assert ProductStock.objects.get().quantity == 10
    assert _act(buyer_client, order2, "cancel").status_code == 409  # once only
    assert ProductStock.objects.get().quantity == 10


def test_storefront_cancels_with_a_reason_before_shipping(order, vendor_client):
    _act(vendor_client, order, "confirm")
    r = _act(vendor_client, order, "cancel")
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    r = _act(vendor_client, order, "cancel", {"reason": "Hết hàng mùa này"})
    assert r.json()["status"] == "cancelled" and r.json()["status_reason"] == "Hết hàng mùa này"


def test_no_cancel_after_shipping(order, vendor_client):
    _act(vendor_client, order, "confirm")
    _act(vendor_client, order, "ship", {"carrier": "GHN", "tracking_code": "G1"})
    assert _act(vendor_client, order, "cancel", {"reason": "x"}).status_code == 409


def test_return_within_the_window_only(order, vendor_client, buyer_client, settings):
    settings.ORDER_RETURN_WINDOW_DAYS = 7
    for action, body in (
        ("confirm", None),
        ("ship", {"carrier": "GHN", "tracking_code": "G1"}),
        ("deliver", None),
    ):
        _act(vendor_client, order, action, body)
    assert _act(buyer_client, order, "return").status_code == 400  # reason required
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - dt.timedelta(days=8))
    r = _act(buyer_client, order, "return", {"reason": "Gói bị ẩm"})
    assert r.status_code == 409 and r.json()["type"].endswith("return_window_closed")
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - dt.timedelta(days=6))
    r = _act(buyer_client, order, "return", {"reason": "Gói bị ẩm"})
    assert r.json()["status"] == "returned"
    assert r.json()["payment"]["status"] == "refunded"


def test_bank_transfer_is_marked_paid_by_the_storefront_before_shipping(
    buyer_client, vendor_client, product, terms
):
    r = buyer_client.post(
        CHECKOUT,
        checkout_body(
            lines=[{"product": product.slug, "quantity": 1}], payment_method="bank_transfer"
        ),
        format="json",
    )
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    _act(vendor_client, order, "confirm")
    r = _act(vendor_client, order, "ship", {"carrier": "GHN", "tracking_code": "G1"})
    assert r.status_code == 409 and r.json()["type"].endswith("unpaid")
    assert _act(buyer_client, order, "mark-paid").status_code == 403
    r = _act(vendor_client, order, "mark-paid", {"reference": "FT2612345"})
    assert r.json()["payment"]["status"] == "paid"
    assert _act(vendor_client, order, "mark-paid").status_code == 409
    assert (
        _act(vendor_client, order, "ship", {"carrier": "GHN", "tracking_code": "G1"}).status_code
        == 200
    )
    assert order.payment.__class__.objects.get(order=order).status == PaymentStatus.PAID


# --- the permission matrix ---------------------------------------------------------------------


@pytest.fixture
def actors(buyer, owner, other_owner, moderator, vendor):
    clerk = UserFactory(email="clerk@example.vn")
    MembershipFactory(vendor=vendor, user=clerk, role="staff")
    return {
        "buyer": client_for(buyer),
        "other_buyer": client_for(UserFactory(email="b2@example.vn")),
        "seller": client_for(owner),
        "seller_staff": client_for(clerk),
        "other_seller": client_for(other_owner),
        "moderator": client_for(moderator),
        "anonymous": client_for(None),
    }


READ = {
    "buyer": 200,
    "other_buyer": 404,
    "seller": 200,
    "seller_staff": 200,
    "other_seller": 404,
    "moderator": 200,
    "anonymous": 401,
}


def test_who_sees_an_order_and_its_delivery_address(order, actors, vendor, other_vendor):
    for who, client in actors.items():
        r = client.get(f"/api/v1/orders/{order.number}/")
        assert r.status_code == READ[who], who
        if r.status_code == 200:
            assert r.json()["delivery"]["phone"] == "0912345678", who
            assert r.json()["delivery"]["street"], who
    # The buyer's own list; the storefront's list for its members and moderators only.
    assert [o["number"] for o in actors["buyer"].get("/api/v1/orders/").json()["results"]] == [
        order.number
    ]
    assert actors["other_buyer"].get("/api/v1/orders/").json()["count"] == 0
    assert actors["seller"].get("/api/v1/orders/").json()["count"] == 0  # sold, not bought
    url = f"/api/v1/vendors/{vendor.slug}/orders/"
    expected = {
        "buyer": 403,
        "other_buyer": 403,
        "seller": 200,
        "seller_staff": 200,
        "other_seller": 403,
        "moderator": 200,
        "anonymous": 401,
    }
    for who, client in actors.items():
        assert client.get(url).status_code == expected[who], who
    seen = actors["seller"].get(url, {"status": "placed"}).json()
    assert [o["number"] for o in seen["results"]] == [order.number]
    assert seen["results"][0]["delivery"]["recipient_name"] == "Lê Văn Mua"
    assert "bank_transfer" not in seen["results"][0]["payment"]  # instructions: buyer only
    assert actors["seller"].get(url, {"status": "shipped"}).json()["count"] == 0
    assert (
        actors["other_seller"].get(f"/api/v1/vendors/{other_vendor.slug}/orders/").json()["count"]
        == 0
    )


WRITE = {
    # action: {actor: status on a placed order}
    "confirm": {
        "buyer": 403,
        "other_buyer": 404,
        "other_seller": 404,
        "anonymous": 401,
        "seller_staff": 200,
    },
    "cancel": {"other_buyer": 404, "other_seller": 404, "anonymous": 401, "buyer": 200},
    "complete": {"seller": 403, "other_buyer": 404, "anonymous": 401},
    "mark-paid": {"buyer": 403, "other_seller": 404, "anonymous": 401},
}


@pytest.mark.parametrize("action", sorted(WRITE))
def test_who_may_act_on_an_order(order, actors, action):
    for who, expected in WRITE[action].items():
        fresh = Order.objects.get(pk=order.pk)
        r = _act(actors[who], fresh, action, {"reason": "Lý do"})
        assert r.status_code == expected, (action, who, r.content)
        if expected == 200:
            break  # the order moved; later rows would meet another state
    assert Order.objects.get(pk=order.pk).status in OrderStatus.values


def test_moderator_may_confirm_and_cancel_with_a_reason(order, actors):
    assert _act(actors["moderator"], order, "confirm").status_code == 200
    r = _act(actors["moderator"], order, "cancel", {"reason": "Vi phạm"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
