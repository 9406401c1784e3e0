"""Issue 14 item 7 (D171): a lead's poster edits it (a published one goes back to review and
leaves the public list; partners hear `lead.unpublished`); moderators decide on leads and
recall lots in the admin, through the same audited services."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from core.models import AuditLog
from leads.models import Lead, LeadStatus
from partners.models import Change
from tests.leads.test_leads import URL, post
from tests.traceability.test_lots import LOTS, lot_body, published
from traceability.models import Lot, LotStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_lead(buyer_client, moderator_client):
    slug = post(buyer_client).json()["slug"]
    assert moderator_client.post(f"{URL}{slug}/approve/", {}, format="json").status_code == 200
    return slug


def test_poster_edits_a_published_lead_which_goes_back_to_review(
    buyer_client, api_client, public_lead
):
    response = buyer_client.patch(
        f"{URL}{public_lead}/",
        {"title": "Cần mua 8 tấn gạo nếp cái hoa vàng", "quantity": 8000},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["title"] == "Cần mua 8 tấn gạo nếp cái hoa vàng"
    assert body["quantity"] == 8000
    assert api_client.get(f"{URL}{public_lead}/").status_code == 404  # out of the public
    assert api_client.get("/api/v1/search/leads/", {"q": "nep cai"}).json()["results"] == []
    lead = Lead.objects.get(slug=public_lead)
    assert " nep cai hoa vang" in lead.search_folded
    assert Change.objects.filter(object_id=lead.pk, event="lead.unpublished").exists()
    assert AuditLog.objects.filter(action="leads.lead.resubmitted").count() == 1


def test_edit_of_a_pending_lead_stays_pending_and_price_switches(buyer_client, pending_slug):
    response = buyer_client.patch(f"{URL}{pending_slug}/", {"negotiable": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "pending"
    lead = Lead.objects.get(slug=pending_slug)
    assert (lead.negotiable, lead.target_price) == (True, None)


@pytest.fixture
def pending_slug(buyer_client):
    return post(buyer_client).json()["slug"]


def test_edit_refusals(buyer_client, vendor_client, api_client, pending_slug, public_lead):
    assert api_client.patch(f"{URL}{pending_slug}/", {"quantity": 1}).status_code == 401
    # Someone else who can see the published lead may not edit it (checked before the body).
    assert vendor_client.patch(f"{URL}{public_lead}/", {"quantity": "x"}).status_code == 403
    # A pending lead of someone else is hidden.
    assert vendor_client.patch(f"{URL}{pending_slug}/", {"quantity": 1}).status_code == 404
    bad = buyer_client.patch(f"{URL}{pending_slug}/", {"quantity": 0}, format="json")
    assert bad.status_code == 400
    assert "quantity" in bad.json()["errors"]
    assert buyer_client.post(f"{URL}{public_lead}/close/", {}).status_code == 200
    closed = buyer_client.patch(f"{URL}{public_lead}/", {"quantity": 2}, format="json")
    assert closed.status_code == 409


@pytest.fixture
def mod_admin(moderator) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def test_moderators_approve_and_reject_leads_in_the_admin(mod_admin, pending_slug, buyer_client):
    url = reverse("admin:leads_lead_changelist")
    assert mod_admin.get(url).status_code == 200
    lead = Lead.objects.get(slug=pending_slug)
    assert mod_admin.get(reverse("admin:leads_lead_change", args=[lead.pk])).status_code == 200
    mod_admin.post(url, {"action": "approve", ACTION_CHECKBOX_NAME: [lead.pk]})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.PUBLISHED
    other = Lead.objects.get(slug=post(buyer_client).json()["slug"])
    mod_admin.post(
        url, {"action": "reject", ACTION_CHECKBOX_NAME: [other.pk], "reason": "Trùng", "post": "1"}
    )
    other.refresh_from_db()
    assert (other.status, other.status_reason) == (LeadStatus.REJECTED, "Trùng")


def test_moderators_recall_a_lot_in_the_admin(mod_admin, vendor_client, product):
    vendor_client.post(LOTS, lot_body(), format="json")
    published(vendor_client)
    lot = Lot.objects.get()
    url = reverse("admin:traceability_lot_changelist")
    assert mod_admin.get(url).status_code == 200
    assert mod_admin.get(reverse("admin:traceability_lot_change", args=[lot.pk])).status_code == 200
    mod_admin.post(
        url, {"action": "recall", ACTION_CHECKBOX_NAME: [lot.pk], "reason": "Mốc", "post": "1"}
    )
    lot.refresh_from_db()
    assert (lot.status, lot.status_reason) == (LotStatus.RECALLED, "Mốc")
    assert Change.objects.filter(object_id=lot.pk, event="lot.recalled").exists()
