"""A buyer's own data (Law 91/2025, Decree 356/2025; D142): export everything the exchange keeps
about them, erase it with the password — the account closed and anonymised, orders kept for
accounting with the name, phone and address anonymised, an audit row."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import AuditLog
from fairs.models import VisitorRegistration
from marketplace.models import User
from orders.models import Inquiry, InquiryMessage, Order, OrderStatus
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.factories.fairs_visitors import RegistrationFactory
from tests.orders import conftest as buying
from tests.orders.conftest import ADDRESS, checkout_body

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/me/export/"
ERASE = "/api/v1/me/erase/"
PASSWORD = "mat-khau-cua-toi-1"

terms = buying.terms


@pytest.fixture
def person(db):
    user = UserFactory(full_name="Lê Văn Mua", phone="0912345678")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def traded(person, product, terms):
    """An order (completed), an inquiry with a message, a fair ticket."""
    client = client_for(person)
    r = client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    inquiry = Inquiry.objects.create(
        product=product,
        vendor=product.vendor,
        buyer=person,
        quantity=50,
        contact_name="Lê Văn Mua",
        contact_phone="0912345678",
        contact_email="mua@example.vn",
    )
    InquiryMessage.objects.create(inquiry=inquiry, author=person, body="Giá sỉ 50 kg?")
    ticket = RegistrationFactory(user=person, attendee_name="Lê Văn Mua", phone="0912")
    return order, inquiry, ticket


def test_export_has_account_orders_addresses_inquiries_tickets(person, traded):
    order, _inquiry, ticket = traded
    r = client_for(person).get(EXPORT)
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    body = r.json()
    assert body["account"]["email"] == person.email
    assert body["account"]["full_name"] == "Lê Văn Mua"
    [exported] = body["orders"]
    assert exported["number"] == order.number
    assert exported["delivery"]["street"] == ADDRESS["street"]
    assert exported["delivery"]["phone"] == order.phone
    assert exported["total"] == order.total
    assert body["addresses"] == [
        {
            "recipient_name": ADDRESS["recipient_name"],
            "phone": order.phone,
            "province": ADDRESS["province"],
            "commune": ADDRESS["commune"],
            "street": ADDRESS["street"],
        }
    ]
    assert body["inquiries"][0]["contact_email"] == "mua@example.vn"
    assert body["inquiries"][0]["messages"][0]["body"] == "Giá sỉ 50 kg?"
    assert body["tickets"][0]["attendee_name"] == "Lê Văn Mua"
    assert body["tickets"][0]["fair"] == ticket.fair.slug


def test_export_is_only_ones_own(person, traded, buyer_client, api_client):
    other = buyer_client.get(EXPORT).json()
    assert other["orders"] == [] and other["inquiries"] == [] and other["tickets"] == []
    assert api_client.get(EXPORT).status_code == 401


def test_erase_needs_the_password_and_waits_for_orders_under_way(person, traded):
    order, _inquiry, _ticket = traded
    client = client_for(person)
    assert client.post(ERASE, {}, format="json").status_code == 400
    wrong = client.post(ERASE, {"password": "nope"}, format="json")
    assert wrong.status_code == 400
    assert "password" in wrong.json()["errors"]
    vi = client.post(ERASE, {"password": "nope"}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi.json()["errors"]["password"] == ["Mật khẩu không đúng."]
    blocked = client.post(ERASE, {"password": PASSWORD}, format="json")
    assert blocked.status_code == 409
    assert blocked.json()["type"].endswith(":erasure_blocked")
    assert order.number in str(blocked.json()["errors"])
    vi = client.post(ERASE, {"password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi.json()["detail"] == "Chưa thể xoá dữ liệu của bạn."
    person.refresh_from_db()
    assert person.is_active and person.full_name == "Lê Văn Mua"


def test_an_owner_hands_the_storefront_over_first(owner, vendor):
    owner.set_password(PASSWORD)
    owner.save()
    r = client_for(owner).post(ERASE, {"password": PASSWORD}, format="json")
    assert r.status_code == 409
    assert User.objects.get(pk=owner.pk).is_active


def test_erase_anonymises_and_keeps_what_accounting_needs(person, traded, vendor):
    order, inquiry, ticket = traded
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED)
    MembershipFactory(vendor=vendor, user=person, role="staff")
    original_email = person.email
    # A real bearer token, to show it stops working.
    token = client_for().post(
        "/api/v1/auth/token/", {"email": person.email, "password": PASSWORD}, format="json"
    )
    assert token.status_code == 200, token.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    r = client.post(ERASE, {"password": PASSWORD}, format="json")
    assert r.status_code == 204, r.content

    person.refresh_from_db()
    assert not person.is_active
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert person.full_name == "" and person.phone == ""
    assert not person.has_usable_password()
    assert not person.vendor_memberships.exists()

    order.refresh_from_db()
    assert (order.recipient_name, order.phone, order.street, order.note) == ("—", "", "—", "")
    # What accounting needs stays.
    assert order.number and order.total and order.lines.count() == 1
    assert order.payment.amount == order.total
    inquiry.refresh_from_db()
    assert (inquiry.contact_name, inquiry.contact_phone, inquiry.contact_email) == ("—", "", "")
    assert inquiry.messages.get().body == "—"
    ticket = VisitorRegistration.objects.get(pk=ticket.pk)
    assert (ticket.attendee_name, ticket.phone) == ("—", "")

    entry = AuditLog.objects.get(action="marketplace.user.erased")
    assert entry.actor_id == person.pk
    assert "Lê Văn Mua" not in str(entry.data)
    # The old token no longer works, nor does signing in.
    assert client.get("/api/v1/me/").status_code == 401
    for address in (original_email, person.email):
        sign_in = client_for().post(
            "/api/v1/auth/token/", {"email": address, "password": PASSWORD}, format="json"
        )
        assert sign_in.status_code in (400, 401)
