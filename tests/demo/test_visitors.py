"""Demo visitors and meetings: buyer@demo.local has tickets and meetings it can use over the API;
capacity and the meeting rules hold in the demo data; the report has figures to show."""

from __future__ import annotations

import pytest
from django.db.models import Count

from demo.fairs import DEMO_SLUGS, OPEN_SLUG, RUNNING_SLUG
from demo.loader import demo_load
from fairs.models import BOOKED_STATUSES, Fair, Meeting, RegistrationStatus, VisitorRegistration
from marketplace.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert demo_load()


def test_demo_buyer_has_tickets_with_qr_and_a_schedule(demo):
    buyer = client_for(User.objects.get(email="buyer@demo.local"))
    tickets = buyer.get("/api/v1/tickets/").json()
    assert {t["fair"]["slug"] for t in tickets["results"]} >= {OPEN_SLUG, RUNNING_SLUG}
    open_ticket = next(t for t in tickets["results"] if t["fair"]["slug"] == OPEN_SLUG)
    assert open_ticket["status"] == "active" and open_ticket["checked_in_at"] is None
    assert buyer.get(f"/api/v1/tickets/{open_ticket['id']}/qr.svg").status_code == 200
    schedule = buyer.get(f"/api/v1/fairs/{OPEN_SLUG}/meetings/mine/").json()["results"]
    assert {m["status"] for m in schedule} >= {"accepted", "requested", "declined"}
    running = buyer.get(f"/api/v1/fairs/{RUNNING_SLUG}/meetings/mine/").json()["results"]
    assert {m["status"] for m in running} >= {"held", "accepted"}


def test_demo_respects_capacity_and_meeting_rules(demo):
    for fair in Fair.objects.filter(slug__in=DEMO_SLUGS):
        active = fair.registrations.filter(status=RegistrationStatus.ACTIVE).count()
        assert fair.visitor_capacity is None or active <= fair.visitor_capacity
    booked = Meeting.objects.filter(status__in=BOOKED_STATUSES)
    for key in ("buyer", "vendor", "table"):
        clash = booked.values("slot", key).annotate(n=Count("id")).filter(n__gt=1)
        assert not clash.exists(), key
    # Every accepted/held meeting's exhibitor exhibits at the fair.
    for m in booked.select_related("fair"):
        assert m.fair.applications.filter(vendor=m.vendor).exists()


def test_demo_check_in_works_on_the_running_fair(demo):
    organizer = client_for(User.objects.get(email="organizer@demo.local"))
    waiting = VisitorRegistration.objects.filter(
        fair__slug=RUNNING_SLUG, status="active", checked_in_at__isnull=True
    ).first()
    r = organizer.post(f"/api/v1/fairs/{RUNNING_SLUG}/checkins/", {"code": waiting.code})
    assert r.status_code == 200 and r.json()["result"] == "admitted"
    report = organizer.get(f"/api/v1/fairs/{RUNNING_SLUG}/report/").json()
    assert report["visitors"]["checked_in"] == 36
    assert report["deals"]["value"] > 0


def test_demo_running_fair_is_sold_out_and_a_cancellation_promotes_the_first_in_line(demo):
    fair = Fair.objects.get(slug=RUNNING_SLUG)
    active = fair.registrations.filter(status=RegistrationStatus.ACTIVE)
    line = list(
        fair.registrations.filter(status=RegistrationStatus.WAITING).order_by("waitlisted_at", "id")
    )
    assert active.count() == fair.visitor_capacity and len(line) == 4
    newcomer = client_for(User.objects.filter(fair_registrations__isnull=True).first())
    r = newcomer.post(f"/api/v1/fairs/{RUNNING_SLUG}/registrations/", {})
    assert r.status_code == 409 and r.json()["type"].endswith("fair_full")
    holder = active.filter(checked_in_at__isnull=True).first()
    r = client_for(holder.user).post(f"/api/v1/tickets/{holder.pk}/cancel/", {})
    assert r.status_code == 200
    mine = client_for(line[0].user).get(f"/api/v1/tickets/{line[0].pk}/").json()
    assert mine["status"] == "active" and mine["code"]
    second = client_for(line[1].user).get(f"/api/v1/tickets/{line[1].pk}/").json()
    assert second["waitlist_position"] == 1
