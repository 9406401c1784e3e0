"""Check-in admits only inside the fair's window: from FAIRS_CHECKIN_OPENS_BEFORE_MINUTES before
it starts until it ends, judged at the moment of the scan (issue 12, item 4; D100).

The fair: 08:00 on 15/03/2027 to 17:00 on 17/03/2027, Vietnam time; the gates open at 06:00 by
default. On main a ticket was admitted two months early.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fairs.models import CheckIn, RefusalReason, ScanResult
from fairs.services import visitors as svc
from tests.conftest import client_for
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import RegistrationFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STARTS = dt.datetime(2027, 3, 15, 8, 0, tzinfo=VN)
ENDS = dt.datetime(2027, 3, 17, 17, 0, tzinfo=VN)


@pytest.fixture
def fair(organizer):
    return FairFactory(
        slug="hoi-cho-dat-to-2027",
        organizers=[organizer],
        registration_opens_at=STARTS - dt.timedelta(days=90),
        registration_closes_at=STARTS - dt.timedelta(days=1),
        starts_at=STARTS,
        ends_at=ENDS,
    )


@pytest.fixture
def ticket(fair):
    return RegistrationFactory(fair=fair, attendee_name="Đỗ Thị Hằng")


def _scan(client, fair, ticket, **headers):
    return client.post(
        f"/api/v1/fairs/{fair.slug}/checkins/",
        {"code": ticket.code, "device": "Cổng chính"},
        **headers,
    )


def test_two_months_before_the_fair_the_scan_is_refused_and_says_when_gates_open(
    fair, ticket, organizer_client
):
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, 0, tzinfo=VN), tick=False):
        r = _scan(organizer_client, fair, ticket, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    body = r.json()
    assert body["type"] == "urn:giaothuong:problem:checkin_not_open"
    assert body["status"] == 409
    assert "06:00 15/03/2027" in body["detail"]  # 08:00 opening, minus 120 minutes, VN time
    assert body["errors"]["scanned_at"]
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None
    scan = CheckIn.objects.get()
    assert (scan.result, scan.refusal) == (ScanResult.REFUSED, RefusalReason.NOT_OPEN)


def test_the_refusal_is_in_vietnamese_when_asked(fair, ticket, organizer_client):
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, 0, tzinfo=VN), tick=False):
        r = _scan(organizer_client, fair, ticket, HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "Chưa đến giờ check-in: cổng mở lúc 06:00 15/03/2027 (giờ Việt Nam)."
    )


def test_the_window_opens_exactly_at_its_time(fair, ticket, organizer_client):
    with time_machine.travel(dt.datetime(2027, 3, 15, 5, 59, 59, tzinfo=VN), tick=False):
        assert _scan(organizer_client, fair, ticket).status_code == 409
    with time_machine.travel(dt.datetime(2027, 3, 15, 6, 0, tzinfo=VN), tick=False):
        r = _scan(organizer_client, fair, ticket)
    assert r.status_code == 200
    assert r.json()["result"] == "admitted"


def test_how_early_the_gates_open_is_a_setting(fair, ticket, organizer_client, settings):
    settings.FAIRS_CHECKIN_OPENS_BEFORE_MINUTES = 30
    with time_machine.travel(dt.datetime(2027, 3, 15, 7, 0, tzinfo=VN), tick=False):
        r = _scan(organizer_client, fair, ticket, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 409
        assert "07:30 15/03/2027" in r.json()["detail"]
    with time_machine.travel(dt.datetime(2027, 3, 15, 7, 30, tzinfo=VN), tick=False):
        assert _scan(organizer_client, fair, ticket).json()["result"] == "admitted"


def test_after_the_fair_ends_the_scan_is_refused(fair, ticket, organizer_client):
    with time_machine.travel(dt.datetime(2027, 3, 17, 16, 59, tzinfo=VN), tick=False):
        late = RegistrationFactory(fair=fair)
        assert _scan(organizer_client, fair, late).status_code == 200
    with time_machine.travel(ENDS, tick=False):
        r = _scan(organizer_client, fair, ticket, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    body = r.json()
    assert body["type"] == "urn:giaothuong:problem:checkin_ended"
    assert "17:00 17/03/2027" in body["detail"]
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None
    assert CheckIn.objects.filter(refusal=RefusalReason.ENDED).count() == 1


def test_every_day_of_the_fair_is_inside_the_window(fair, ticket, organizer_client):
    with time_machine.travel(dt.datetime(2027, 3, 16, 20, 0, tzinfo=VN), tick=False):
        assert _scan(organizer_client, fair, ticket).json()["result"] == "admitted"


def test_offline_scans_are_judged_when_they_were_made_not_when_uploaded(
    fair, organizer, organizer_client
):
    early, during = RegistrationFactory(fair=fair), RegistrationFactory(fair=fair)
    scans = [
        {
            "scan_id": str(uuid.uuid4()),
            "code": early.code,
            "scanned_at": dt.datetime(2027, 3, 14, 18, 0, tzinfo=VN).isoformat(),
            "device": "Máy 1",
        },
        {
            "scan_id": str(uuid.uuid4()),
            "code": during.code,
            "scanned_at": dt.datetime(2027, 3, 17, 16, 30, tzinfo=VN).isoformat(),
            "device": "Máy 1",
        },
    ]
    # Uploaded the evening after the fair ended: the scan made during it still counts.
    with time_machine.travel(dt.datetime(2027, 3, 17, 20, 0, tzinfo=VN), tick=False):
        r = organizer_client.post(
            f"/api/v1/fairs/{fair.slug}/checkins/batch/", {"scans": scans}, format="json"
        )
    assert r.status_code == 200
    body = r.json()
    assert body["counts"]["admitted"] == 1
    assert body["counts"]["refused"] == 1
    assert [x["refusal"] for x in body["results"]] == ["checkin_not_open", ""]
    early.refresh_from_db()
    during.refresh_from_db()
    assert early.checked_in_at is None
    assert during.checked_in_at is not None


def test_the_ticket_shows_from_when_the_gates_admit(fair, ticket):
    r = client_for(ticket.user).get(f"/api/v1/tickets/{ticket.pk}/")
    assert r.status_code == 200
    assert r.json()["fair"]["checkin_opens_at"] == "2027-03-15T06:00:00+07:00"


def test_the_service_refuses_outside_the_window_too(fair, ticket, organizer):
    outcome = svc.checkin_scan(
        fair=fair,
        code=ticket.code,
        actor=organizer,
        scanned_at=dt.datetime(2027, 1, 15, 10, 0, tzinfo=VN),
    )
    assert outcome.result == ScanResult.REFUSED
    assert outcome.scan.refusal == RefusalReason.NOT_OPEN
    assert svc.checkin_window(fair) == (dt.datetime(2027, 3, 15, 6, 0, tzinfo=VN), ENDS)
