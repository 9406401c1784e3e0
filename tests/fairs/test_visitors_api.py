"""Visitor API: register, my tickets and their QR, cancel, the organizer's list; who may do what."""

from __future__ import annotations

import pytest
from django.core import mail

from fairs import tickets
from fairs.models import FairStatus, RegistrationStatus, VisitorRegistration
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(fair, rest=""):
    return f"/api/v1/fairs/{fair.slug}/registrations/{rest}"


def test_buyer_registers_and_gets_a_ticket_with_qr(
    fair, buyer, buyer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = buyer_client.post(_url(fair), {"organization": "Siêu thị BigC Việt Trì"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["fair"]["slug"] == fair.slug
    assert body["fair"]["venue"] == fair.venue  # where to go is on the ticket
    assert body["status"] == "active"
    assert body["attendee_name"] == "Lê Văn Mua"
    assert body["organization"] == "Siêu thị BigC Việt Trì"
    reg = VisitorRegistration.objects.get(user=buyer)
    assert tickets.token_from_code(body["code"]) == reg.token
    assert body["qr_svg"].endswith(f"/api/v1/tickets/{reg.pk}/qr.svg")
    assert len(mail.outbox) == 1

    svg = buyer_client.get(f"/api/v1/tickets/{reg.pk}/qr.svg")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = buyer_client.get(f"/api/v1/tickets/{reg.pk}/qr.png")
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")

    mine = buyer_client.get("/api/v1/tickets/").json()
    assert [t["id"] for t in mine["results"]] == [reg.pk]
    assert buyer_client.get(f"/api/v1/tickets/{reg.pk}/").json()["code"] == body["code"]


def test_full_fair_and_second_registration_are_409_in_the_one_shape(buyer_client):
    fair = FairFactory(visitor_capacity=1)
    client_for(UserFactory()).post(_url(fair), {})
    r = buyer_client.post(_url(fair), {})
    assert r.status_code == 409
    body = r.json()
    assert body["type"] == "urn:giaothuong:problem:fair_full"
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    fair2 = FairFactory()
    assert buyer_client.post(_url(fair2), {}).status_code == 201
    r = buyer_client.post(_url(fair2), {})
    assert r.status_code == 409
    assert r.json()["type"].endswith("already_registered")


def test_anonymous_cannot_register_and_draft_fairs_are_404(api_client, buyer_client):
    fair = FairFactory()
    assert api_client.post(_url(fair), {}).status_code == 401
    draft = FairFactory(status=FairStatus.DRAFT)
    assert buyer_client.post(_url(draft), {}).status_code == 404
    assert not VisitorRegistration.objects.exists()


def test_bad_input_is_400_and_writes_nothing(fair, buyer_client):
    r = buyer_client.post(_url(fair), {"phone": "0" * 40})
    assert r.status_code == 400
    assert "phone" in r.json()["errors"]
    assert not VisitorRegistration.objects.exists()


def test_other_peoples_tickets_are_404(fair, buyer_client):
    theirs = RegistrationFactory(fair=fair)
    for path in ("", "qr.svg", "qr.png"):
        assert buyer_client.get(f"/api/v1/tickets/{theirs.pk}/{path}").status_code == 404
    assert buyer_client.post(f"/api/v1/tickets/{theirs.pk}/cancel/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.ACTIVE


def test_cancel_my_ticket_frees_the_place_and_hides_the_code(buyer, buyer_client):
    fair = FairFactory(visitor_capacity=1)
    reg_id = buyer_client.post(_url(fair), {}).json()["id"]
    r = buyer_client.post(f"/api/v1/tickets/{reg_id}/cancel/", {"reason": "Bận"})
    assert r.status_code == 200
    assert r.json()["status"] == "cancelled"
    assert r.json()["code"] is None
    assert buyer_client.get(f"/api/v1/tickets/{reg_id}/qr.svg").status_code == 409
    assert client_for(UserFactory()).post(_url(fair), {}).status_code == 201
    r = buyer_client.post(f"/api/v1/tickets/{reg_id}/cancel/", {})
    assert r.status_code == 409
    assert r.json()["type"].endswith("illegal_transition")


def test_organizer_lists_and_cancels_registrations(fair, organizer_client, other_organizer_client):
    regs = [RegistrationFactory(fair=fair) for _ in range(3)]
    RegistrationFactory()  # another fair's
    r = organizer_client.get(_url(fair))
    assert r.status_code == 200
    assert r.json()["count"] == 3
    assert "code" not in r.json()["results"][0]
    assert other_organizer_client.get(_url(fair)).status_code == 403
    r = organizer_client.get(_url(fair), {"q": regs[0].user.email})
    assert [x["id"] for x in r.json()["results"]] == [regs[0].pk]

    assert other_organizer_client.post(_url(fair, f"{regs[1].pk}/cancel/"), {}).status_code == 403
    r = organizer_client.post(_url(fair, f"{regs[1].pk}/cancel/"), {"reason": "Trùng"})
    assert r.status_code == 200
    assert r.json()["status"] == "cancelled"
    r = organizer_client.get(_url(fair), {"status": "active"})
    assert r.json()["count"] == 2


def test_buyer_cannot_list_the_fairs_registrations(fair, buyer_client):
    assert buyer_client.get(_url(fair)).status_code == 403


@pytest.mark.parametrize("n", [5, 50])
def test_my_tickets_cost_constant_queries(n, buyer, buyer_client, django_assert_num_queries):
    for _ in range(n):
        RegistrationFactory(user=buyer)
    # session/auth is forced; count (1) + page with fairs (1)
    with django_assert_num_queries(2):
        r = buyer_client.get("/api/v1/tickets/", {"page_size": 100})
    assert r.json()["count"] == n


@pytest.mark.parametrize("n", [5, 50])
def test_organizer_list_costs_constant_queries(
    n, fair, organizer_client, django_assert_num_queries
):
    for _ in range(n):
        RegistrationFactory(fair=fair)
    # fair (1) + organizer check (1) + count (1) + page (1)
    with django_assert_num_queries(4):
        r = organizer_client.get(_url(fair), {"page_size": 100})
    assert r.json()["count"] == n
