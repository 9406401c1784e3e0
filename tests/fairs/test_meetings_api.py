"""Matchmaking API: slots and tables (organizers), request → accept | decline → outcome, schedules,
who may see and do what."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from fairs.models import Meeting, MeetingSlot, MeetingTable
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory, VendorFactory
from tests.factories.fairs import ExhibitorApplicationFactory
from tests.factories.fairs_visitors import MeetingFactory, SlotFactory, TableFactory

pytestmark = pytest.mark.django_db


def _url(fair, rest):
    return f"/api/v1/fairs/{fair.slug}/{rest}"


@pytest.fixture
def exhibitor(fair, vendor):
    ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=vendor)
    return vendor


@pytest.fixture
def grid(fair, organizer_client):
    """Slots 09:00–10:00 every 20 minutes on the fair's second day, and two tables."""
    day = timezone.localtime(fair.starts_at).date() + dt.timedelta(days=1)
    r = organizer_client.post(
        _url(fair, "meeting-slots/generate/"),
        {"date": day.isoformat(), "start": "09:00", "end": "10:00", "every_minutes": 20},
    )
    assert r.status_code == 201, r.json()
    t = organizer_client.post(_url(fair, "meeting-tables/generate/"), {"count": 2, "prefix": "B"})
    assert t.status_code == 201
    return r.json(), t.json()


def test_organizer_generates_slots_and_tables(fair, grid, api_client):
    slots, tables = grid
    assert [
        timezone.localtime(dt.datetime.fromisoformat(s["starts_at"])).strftime("%H:%M")
        for s in slots
    ] == [
        "09:00",
        "09:20",
        "09:40",
    ]
    assert [t["name"] for t in tables] == ["B01", "B02"]
    public = api_client.get(_url(fair, "meeting-slots/"))
    assert public.status_code == 200
    assert public.json()["count"] == 3
    assert public.json()["results"][0]["booked"] == 0


def test_others_cannot_define_slots_or_tables(
    fair, buyer_client, other_organizer_client, vendor_client
):
    body = {"starts_at": fair.starts_at.isoformat(), "duration_minutes": 20}
    for client in (buyer_client, other_organizer_client, vendor_client):
        assert client.post(_url(fair, "meeting-slots/"), body).status_code == 403
        assert client.post(_url(fair, "meeting-tables/"), {"name": "X"}).status_code == 403
    assert not MeetingSlot.objects.exists()
    assert not MeetingTable.objects.exists()


def test_full_flow_request_accept_outcome(
    fair,
    grid,
    exhibitor,
    buyer,
    buyer_client,
    vendor_client,
    owner,
    organizer_client,
    django_capture_on_commit_callbacks,
):
    slots, _tables = grid
    with django_capture_on_commit_callbacks(execute=True):
        r = buyer_client.post(
            _url(fair, "meetings/"),
            {
                "vendor": exhibitor.slug,
                "message": "Muốn đặt 500 hộp chè búp tím",
                "preferred_slots": [slots[0]["id"], slots[1]["id"]],
            },
        )
    assert r.status_code == 201, r.json()
    meeting = r.json()
    assert meeting["status"] == "requested"
    assert [s["id"] for s in meeting["preferred_slots"]] == [slots[0]["id"], slots[1]["id"]]
    assert mail.outbox[-1].to == [owner.email]

    # The exhibitor sees it in its schedule, and accepts into the first preferred slot.
    mine = vendor_client.get(_url(fair, "meetings/mine/"), {"role": "exhibitor"}).json()
    assert [m["id"] for m in mine["results"]] == [meeting["id"]]
    with django_capture_on_commit_callbacks(execute=True):
        r = vendor_client.post(
            _url(fair, f"meetings/{meeting['id']}/accept/"), {"slot": slots[0]["id"]}
        )
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "accepted"
    assert r.json()["table"]["name"] == "B01"
    assert mail.outbox[-1].to == [buyer.email]

    schedule = buyer_client.get(_url(fair, "meetings/mine/")).json()["results"]
    assert [(m["status"], m["slot"]["id"]) for m in schedule] == [("accepted", slots[0]["id"])]
    assert (
        buyer_client.get(_url(fair, "meetings/mine/"), {"role": "exhibitor"}).json()["count"] == 0
    )

    with time_machine.travel(dt.datetime.fromisoformat(slots[0]["ends_at"])):
        r = vendor_client.post(
            _url(fair, f"meetings/{meeting['id']}/outcome/"),
            {"outcome": "held", "deal_signed": True, "deal_value": 120_000_000},
        )
    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["deal_value"]) == ("held", 120_000_000)

    listing = organizer_client.get(_url(fair, "meetings/"), {"status": "held"}).json()
    assert listing["count"] == 1


def test_accept_conflicts_are_409_with_reasons(
    fair, grid, exhibitor, buyer_client, vendor_client, other_vendor, other_owner
):
    slots, _tables = grid
    ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=other_vendor)
    first = buyer_client.post(_url(fair, "meetings/"), {"vendor": exhibitor.slug}).json()
    second = buyer_client.post(_url(fair, "meetings/"), {"vendor": other_vendor.slug}).json()
    vendor_client.post(_url(fair, f"meetings/{first['id']}/accept/"), {"slot": slots[0]["id"]})
    r = client_for(other_owner).post(
        _url(fair, f"meetings/{second['id']}/accept/"), {"slot": slots[0]["id"]}
    )
    assert r.status_code == 409
    assert r.json()["type"].endswith("buyer_busy")
    assert "slot" in r.json()["errors"]
    assert Meeting.objects.get(pk=second["id"]).status == "requested"


def test_decline_needs_a_reason(fair, exhibitor, buyer_client, vendor_client):
    m = buyer_client.post(_url(fair, "meetings/"), {"vendor": exhibitor.slug}).json()
    r = vendor_client.post(_url(fair, f"meetings/{m['id']}/decline/"), {})
    assert r.status_code == 400
    r = vendor_client.post(_url(fair, f"meetings/{m['id']}/decline/"), {"reason": "Hết hàng"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["status_reason"]) == ("declined", "Hết hàng")


def test_request_refusals(fair, exhibitor, buyer_client, vendor_client, other_vendor):
    r = buyer_client.post(_url(fair, "meetings/"), {"vendor": other_vendor.slug})
    assert r.status_code == 400
    assert "vendor" in r.json()["errors"]
    r = buyer_client.post(_url(fair, "meetings/"), {"vendor": "khong-co"})
    assert r.status_code == 400
    r = vendor_client.post(_url(fair, "meetings/"), {"vendor": exhibitor.slug})
    assert r.status_code == 400
    r = buyer_client.post(
        _url(fair, "meetings/"), {"vendor": exhibitor.slug, "preferred_slots": [999999]}
    )
    assert r.status_code == 400
    assert not Meeting.objects.exists()


def test_strangers_do_not_see_or_move_meetings(
    fair, exhibitor, buyer_client, other_vendor_client, other_organizer_client, grid
):
    slots, _ = grid
    m = buyer_client.post(_url(fair, "meetings/"), {"vendor": exhibitor.slug}).json()
    stranger = client_for(UserFactory())
    for client in (stranger, other_vendor_client):
        assert client.get(_url(fair, f"meetings/{m['id']}/")).status_code == 404
        r = client.post(_url(fair, f"meetings/{m['id']}/accept/"), {"slot": slots[0]["id"]})
        assert r.status_code == 404
    assert other_organizer_client.get(_url(fair, "meetings/")).status_code == 403
    assert buyer_client.get(_url(fair, "meetings/")).status_code == 403
    # The buyer sees its meeting but may not accept it for the exhibitor.
    assert buyer_client.get(_url(fair, f"meetings/{m['id']}/")).status_code == 200
    r = buyer_client.post(_url(fair, f"meetings/{m['id']}/accept/"), {"slot": slots[0]["id"]})
    assert r.status_code == 403
    assert Meeting.objects.get().status == "requested"


def test_illegal_move_is_409(fair, exhibitor, buyer_client, vendor_client):
    m = buyer_client.post(_url(fair, "meetings/"), {"vendor": exhibitor.slug}).json()
    r = vendor_client.post(_url(fair, f"meetings/{m['id']}/outcome/"), {"outcome": "held"})
    assert r.status_code == 409
    assert r.json()["type"].endswith("illegal_transition")


@pytest.mark.parametrize("n", [5, 50])
def test_schedule_and_organizer_list_cost_constant_queries(
    n, fair, buyer, buyer_client, organizer_client, django_assert_num_queries
):
    tables = [TableFactory(fair=fair) for _ in range(2)]
    for i in range(n):
        vendor = VendorFactory()
        MembershipFactory(vendor=vendor)
        slot = SlotFactory(fair=fair)
        m = MeetingFactory(
            fair=fair, buyer=buyer, vendor=vendor, status="accepted", slot=slot, table=tables[i % 2]
        )
        m.preferred_slots.set([slot])
    # fair + count + page + preferred slots
    with django_assert_num_queries(4):
        r = buyer_client.get(_url(fair, "meetings/mine/"), {"page_size": 100})
    assert r.json()["count"] == n
    # fair + organizer check + count + page + preferred slots
    with django_assert_num_queries(5):
        r = organizer_client.get(_url(fair, "meetings/"), {"page_size": 100})
    assert r.json()["count"] == n


@pytest.mark.parametrize("n", [5, 50])
def test_slot_and_table_lists_cost_constant_queries(n, fair, api_client, django_assert_num_queries):
    for _ in range(n):
        slot = SlotFactory(fair=fair)
        MeetingFactory(fair=fair, status="accepted", slot=slot, table=TableFactory(fair=fair))
    # fair + count + page (with the booked count grouped in SQL)
    with django_assert_num_queries(3):
        r = api_client.get(_url(fair, "meeting-slots/"), {"page_size": 100})
    assert r.json()["count"] == n
    assert {s["booked"] for s in r.json()["results"]} == {1}
    with django_assert_num_queries(3):
        r = api_client.get(_url(fair, "meeting-tables/"), {"page_size": 100})
    assert r.json()["count"] == n
