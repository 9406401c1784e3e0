"""Trade leads and lots reach partners (issue 14 items 1 and 5, D165): published leads and
public lots in the change feed, and `lead.published` / `lead.closed` / `lead.expired` /
`lot.published` / `lot.recalled` webhooks delivered to a real receiver on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leads.models import Lead
from leads.services.leads import leads_expired_announce
from partners.models import WebhookDelivery
from partners.services.webhooks.dispatch import webhooks_dispatch_pending
from tests.factories import CertificateFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key
from tests.leads.test_leads import URL as LEADS
from tests.leads.test_leads import VN, post
from tests.partners import test_webhooks as hooks
from tests.partners.test_webhooks import subscribe
from tests.traceability.test_lots import LOTS, TODAY, add_event, lot_body

pytestmark = pytest.mark.django_db

FEED = "/api/v1/feed/changes/"
TODAY_MINUS_30 = TODAY - dt.timedelta(days=30)
receiver = hooks.receiver
_local_http = hooks._local_http


@pytest.fixture
def reader():
    return PartnerClientFactory(scopes=["catalog:read", "webhooks:manage"])


def _feed(client, **params):
    body = partner_api(partner_key(client)).get(FEED, params)
    assert body.status_code == 200, body.json()
    return body.json()["results"]


def _publish_lead(buyer_client, moderator_client):
    response = post(buyer_client)
    assert response.status_code == 201, response.json()
    slug = response.json()["slug"]
    approved = moderator_client.post(f"{LEADS}{slug}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    return Lead.objects.get(slug=slug)


def test_published_lead_is_in_the_feed_without_its_contact(reader, buyer_client, moderator_client):
    pending = post(buyer_client).json()
    assert [e for e in _feed(reader) if e["kind"] == "lead"] == []  # pending: not public
    moderator_client.post(f"{LEADS}{pending['slug']}/approve/", {}, format="json")
    [entry] = [e for e in _feed(reader) if e["kind"] == "lead"]
    assert entry["event"] == "lead.published"
    assert entry["tombstone"] is False
    assert entry["resource"]["slug"] == pending["slug"]
    assert entry["resource"]["title"] == pending["title"]
    assert entry["resource"]["contact"] is None  # personal data stays with members (D145)
    # Closing it leaves a tombstone.
    assert buyer_client.post(f"{LEADS}{pending['slug']}/close/", {}).status_code == 200
    [entry] = [e for e in _feed(reader, kinds="lead") if e["kind"] == "lead"]
    assert (entry["event"], entry["tombstone"], entry["resource"]) == ("lead.closed", True, None)


def test_feed_refuses_unknown_kinds_naming_leads_and_lots(reader):
    response = partner_api(partner_key(reader)).get(FEED, {"kinds": "lead,inquiry"})
    assert response.status_code == 400
    assert "lead" in response.json()["errors"]["kinds"][0]
    assert "lot" in response.json()["errors"]["kinds"][0]


def test_lead_webhooks_published_closed_expired(
    reader,
    receiver,
    buyer_client,
    moderator_client,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://giaothuong.example"
    sub, secret = subscribe(reader, receiver.url, ["lead.*"])
    receiver.secret = secret
    deaf = PartnerClientFactory(scopes=["fairs:read", "webhooks:manage"])
    subscribe(deaf, "https://fairs-only.example/h", ["*"])

    with django_capture_on_commit_callbacks(execute=True):
        lead = _publish_lead(buyer_client, moderator_client)
        webhooks_dispatch_pending()
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_client.post(f"{LEADS}{lead.slug}/close/", {}).status_code == 200
        webhooks_dispatch_pending()
    with django_capture_on_commit_callbacks(execute=True):
        other = _publish_lead(buyer_client, moderator_client)
        webhooks_dispatch_pending()
    day_after = dt.datetime.combine(other.expires_on, dt.time(0, 5), tzinfo=VN)
    with time_machine.travel(day_after, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert leads_expired_announce() == 1
            webhooks_dispatch_pending()
        assert leads_expired_announce() == 0  # once per lead

    assert receiver.refused == 0
    assert [(x["body"]["event"], x["body"]["object_id"]) for x in receiver.received] == [
        ("lead.published", lead.pk),
        ("lead.closed", lead.pk),
        ("lead.published", other.pk),
        ("lead.expired", other.pk),
    ]
    assert receiver.received[0]["body"]["url"] == (
        f"https://giaothuong.example/api/v1/leads/{lead.slug}/"
    )
    # The client without catalog:read heard nothing.
    assert set(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == {sub.pk}
    # The expired lead is a tombstone in the feed from its expiry day.
    with time_machine.travel(day_after, tick=False):
        entries = {e["id"]: e for e in _feed(reader, kinds="lead")}
    assert entries[other.pk]["event"] == "lead.expired"
    assert entries[other.pk]["tombstone"] is True


def test_lot_webhooks_published_and_recalled_and_the_feed(
    reader,
    receiver,
    vendor_client,
    product,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://giaothuong.example"
    _sub, secret = subscribe(reader, receiver.url, ["lot.*"])
    receiver.secret = secret
    created = vendor_client.post(LOTS, lot_body(), format="json")
    assert created.status_code == 201, created.json()
    code = created.json()["public_code"]
    assert [e for e in _feed(reader) if e["kind"] == "lot"] == []  # a draft is not public
    with django_capture_on_commit_callbacks(execute=True):
        assert vendor_client.post(f"{LOTS}L2026-001/publish/").status_code == 200
        webhooks_dispatch_pending()
    [entry] = [e for e in _feed(reader) if e["kind"] == "lot"]
    assert (entry["event"], entry["tombstone"]) == ("lot.published", False)
    assert entry["resource"]["public_code"] == code
    assert entry["resource"]["recall"] is None
    with django_capture_on_commit_callbacks(execute=True):
        recalled = vendor_client.post(
            f"{LOTS}L2026-001/recall/", {"reason": "Nhiễm nấm mốc"}, format="json"
        )
        assert recalled.status_code == 200, recalled.json()
        webhooks_dispatch_pending()

    assert [x["body"]["event"] for x in receiver.received] == ["lot.published", "lot.recalled"]
    assert receiver.received[1]["body"]["url"] == (
        f"https://giaothuong.example/api/v1/trace/{code}/"
    )
    # A recalled lot stays public: the feed serves it with the recall, not a tombstone.
    [entry] = _feed(reader, kinds="lot")
    assert entry["event"] == "lot.recalled"
    assert entry["resource"]["recall"]["reason"] == "Nhiễm nấm mốc"


def _public_lot(vendor_client, code):
    assert vendor_client.post(LOTS, lot_body(code=code), format="json").status_code == 201
    assert add_event(vendor_client, code=code).status_code == 201
    assert add_event(vendor_client, code=code, kind="packing").status_code == 201
    assert vendor_client.post(f"{LOTS}{code}/publish/").status_code == 200


def test_the_feeds_lots_cost_the_same_queries_for_one_lot_and_for_four(
    reader, vendor_client, product
):
    CertificateFactory(product=product, issue_date=TODAY_MINUS_30)
    _public_lot(vendor_client, "L-1")
    with CaptureQueriesContext(connection) as one:
        [entry] = _feed(reader, kinds="lot")
    for code in ("L-2", "L-3", "L-4"):
        _public_lot(vendor_client, code)
    with CaptureQueriesContext(connection) as four:
        entries = _feed(reader, kinds="lot")

    assert len(entries) == 4
    assert len(four) == len(one), [q["sql"][:120] for q in four.captured_queries]
    for entry in entries:  # each record whole: its own events in order, the certificate
        assert [e["kind"] for e in entry["resource"]["events"]] == ["harvest", "packing"]
        assert [c["stars"] for c in entry["resource"]["certificates"]] == [4]
