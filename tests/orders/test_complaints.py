"""Complaints (D132): opened by the buyer within the window after delivery, answered by the
storefront, escalated and decided by a moderator or withdrawn; every move legal and illegal,
who may make it, the kept thread, e-mails after commit, the moderators' work list, and the
complaint procedure's page."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditLog
from orders.models import Complaint, ComplaintMessage, Order, OrderStatus, Page
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer_client, product, terms):
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=2)
    )
    return order


def _open(client, order, **body):
    return client.post(
        f"/api/v1/orders/{order.number}/complaints/",
        {"reason": "damaged", "body": "Gói mì bị vỡ.", **body},
        format="json",
    )


@pytest.fixture
def complaint(order, buyer_client):
    r = _open(buyer_client, order)
    assert r.status_code == 201, r.content
    return Complaint.objects.get(pk=r.json()["id"])


def _act(client, complaint, action, body=None):
    return client.post(f"/api/v1/complaints/{complaint.pk}/{action}/", body or {}, format="json")


def _moves(complaint):
    return list(
        AuditLog.objects.filter(target_id=str(complaint.pk), action__startswith="orders.complaint.")
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    )


def test_open_answer_escalate_decide_keeps_every_message(
    order,
    buyer,
    buyer_client,
    vendor_client,
    moderator_client,
    owner,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = _open(buyer_client, order)
    assert r.status_code == 201 and r.json()["status"] == "open"
    assert mail.outbox[-1].to == [owner.email]
    complaint = Complaint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        r = _act(vendor_client, complaint, "messages", {"body": "Chúng tôi gửi lại gói khác."})
    assert r.status_code == 201 and r.json()["status"] == "answered"
    assert mail.outbox[-1].to == [buyer.email]
    # The storefront's further messages and the buyer's reply do not move it.
    assert _act(buyer_client, complaint, "messages", {"body": "Chưa nhận."}).json()["status"] == (
        "answered"
    )
    r = _act(buyer_client, complaint, "escalate", {"reason": "Không thỏa đáng."})
    assert r.status_code == 200 and r.json()["status"] == "escalated"
    assert _act(moderator_client, complaint, "messages", {"body": "Gửi ảnh?"}).status_code == 201
    r = _act(
        moderator_client, complaint, "decide", {"decision": "for_buyer", "reason": "Hoàn tiền."}
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["decision"], body["status_reason"]) == (
        "decided",
        "for_buyer",
        "Hoàn tiền.",
    )
    assert [m["role"] for m in body["messages"]] == [
        "buyer",
        "storefront",
        "buyer",
        "buyer",
        "moderator",
        "moderator",
    ]
    assert _moves(complaint) == [
        ("orders.complaint.opened", "", "open"),
        ("orders.complaint.answered", "open", "answered"),
        ("orders.complaint.escalated", "answered", "escalated"),
        ("orders.complaint.decided", "escalated", "decided"),
    ]
    # Closed: no more messages or moves.
    assert _act(buyer_client, complaint, "messages", {"body": "x"}).status_code == 409
    assert _act(buyer_client, complaint, "withdraw").status_code == 409
    assert (
        _act(
            moderator_client, complaint, "decide", {"decision": "rejected", "reason": "x"}
        ).status_code
        == 409
    )


def test_illegal_moves_are_409(complaint, buyer_client, moderator_client):
    # Deciding needs an escalated complaint; a moderator steps in first.
    r = _act(moderator_client, complaint, "decide", {"decision": "rejected", "reason": "x"})
    assert r.status_code == 409
    r = _act(moderator_client, complaint, "messages", {"body": "x"})
    assert r.status_code == 409 and r.json()["type"].endswith("not_escalated")
    assert _act(moderator_client, complaint, "escalate").json()["status"] == "escalated"
    assert _act(buyer_client, complaint, "escalate").status_code == 409
    r = _act(moderator_client, complaint, "decide", {"decision": "rejected"})
    assert r.status_code == 400  # a decision needs its reason
    assert _act(buyer_client, complaint, "withdraw").json()["status"] == "withdrawn"
    assert _act(buyer_client, complaint, "withdraw").status_code == 409
    assert _act(moderator_client, complaint, "escalate").status_code == 409
    assert ComplaintMessage.objects.count() == 1


@pytest.mark.parametrize("start", ["open", "answered", "escalated"])
def test_the_buyer_may_withdraw_before_the_decision(start, complaint, buyer_client, vendor_client):
    if start != "open":
        _act(vendor_client, complaint, "messages", {"body": "Xin lỗi."})
    if start == "escalated":
        _act(buyer_client, complaint, "escalate")
    assert Complaint.objects.get().status == start
    r = _act(buyer_client, complaint, "withdraw", {"reason": "Đã nhận hàng mới."})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"


def test_refusals_when_opening(order, buyer_client, settings):
    assert _open(buyer_client, order, reason="nonsense").status_code == 400
    assert _open(buyer_client, order, body="").status_code == 400
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, delivered_at=None)
    r = _open(buyer_client, order)
    assert r.status_code == 409 and r.json()["type"].endswith("not_delivered")
    settings.ORDER_COMPLAINT_WINDOW_DAYS = 1
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.COMPLETED, delivered_at=timezone.now() - dt.timedelta(days=2)
    )
    r = _open(buyer_client, order)
    assert r.status_code == 409 and r.json()["type"].endswith("complaint_window_closed")
    settings.ORDER_COMPLAINT_WINDOW_DAYS = 3
    assert _open(buyer_client, order).status_code == 201
    r = _open(buyer_client, order)
    assert r.status_code == 409 and r.json()["type"].endswith("complaint_under_way")
    assert Complaint.objects.count() == 1


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


def test_permission_matrix_and_personal_data(people, complaint, order, buyer):
    see = {
        "buyer": 200,
        "other_buyer": 404,
        "storefront": 200,
        "other_storefront": 404,
        "moderator": 200,
        "anonymous": 401,
    }
    for who, code in see.items():
        assert people[who].get(f"/api/v1/complaints/{complaint.pk}/").status_code == code, who
        r = people[who].get(f"/api/v1/orders/{order.number}/complaints/")
        assert r.status_code == code, who
        listed = people[who].get("/api/v1/complaints/")
        if code == 200:
            assert [c["id"] for c in listed.json()["results"]] == [complaint.pk], who
        elif who != "anonymous":
            assert listed.json()["results"] == [], who
    body = people["storefront"].get(f"/api/v1/complaints/{complaint.pk}/").json()
    text = str(body)
    assert order.phone not in text and order.street not in text  # no address in a complaint
    opening = {**see, "buyer": 409, "storefront": 403, "moderator": 403}
    for who, code in opening.items():
        assert _open(people[who], order).status_code == code, who
    decide = {**see, "buyer": 403, "storefront": 403, "moderator": 409}
    escalate = {**see, "storefront": 403}
    withdraw = {**see, "storefront": 403, "moderator": 403}
    for who, code in decide.items():
        r = _act(people[who], complaint, "decide", {"decision": "rejected", "reason": "x"})
        assert r.status_code == code, who
    for who in ("other_buyer", "other_storefront", "anonymous"):
        r = _act(people[who], complaint, "messages", {"body": "x"})
        assert r.status_code == see[who], who
    for who, code in withdraw.items():
        if who != "buyer":
            assert _act(people[who], complaint, "withdraw").status_code == code, who
    for who, code in escalate.items():
        if who not in ("buyer", "moderator"):
            assert _act(people[who], complaint, "escalate").status_code == code, who
    assert Complaint.objects.get().status == "open"
    assert people["buyer"].get("/api/v1/complaints/?status=decided").json()["results"] == []
    assert people["buyer"].get("/api/v1/complaints/?colour=red").status_code == 400


def test_an_escalated_complaint_is_a_moderation_item(complaint, buyer_client, moderator_client):
    r = moderator_client.get("/api/v1/moderation/queue/")
    assert r.json()["complaints"]["pending"] == 0
    _act(buyer_client, complaint, "escalate", {"reason": "Xin sàn xem xét."})
    r = moderator_client.get("/api/v1/moderation/queue/")
    assert r.json()["complaints"]["pending"] == 1
    r = moderator_client.get("/api/v1/moderation/queue/complaints/")
    assert r.status_code == 200, r.content
    [entry] = r.json()["results"]
    assert entry["id"] == str(complaint.pk) and entry["status"] == "escalated"
    assert entry["actions"][0]["url"].endswith(f"/api/v1/complaints/{complaint.pk}/decide/")
    assert entry["submitted_by"]["email"] == "buyer@example.vn"


def test_the_complaint_procedure_is_a_page_the_operator_edits(api_client):
    r = api_client.get("/api/v1/pages/complaint-procedure/")
    assert r.status_code == 200 and "khiếu nại" in r.json()["body"]
    Page.objects.filter(slug="complaint-procedure").update(body="Gọi 0210 000 000.")
    assert api_client.get("/api/v1/pages/complaint-procedure/").json()["body"] == (
        "Gọi 0210 000 000."
    )
    assert api_client.get("/api/v1/pages/nothing/").status_code == 404
