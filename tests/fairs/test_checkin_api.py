"""Check-in API: scan, repeat, refusals in the one error shape, offline batches, the scan log."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from fairs.models import CheckIn, RegistrationStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(organizer):
    """The fairs tests' fair, under way: its gates admit visitors now."""
    return FairFactory(
        name="Hội chợ OCOP Đất Tổ 2026",
        slug="hoi-cho-ocop-dat-to-2026",
        organizers=[organizer],
        under_way=True,
    )


def _url(fair, rest=""):
    return f"/api/v1/fairs/{fair.slug}/checkins/{rest}"


def test_first_scan_then_repeat_says_who_and_when(
    fair, organizer, organizer_client, moderator_client
):
    reg = RegistrationFactory(fair=fair, attendee_name="Đỗ Thị Hằng")
    r = organizer_client.post(_url(fair), {"code": reg.code, "device": "Cổng chính"})
    assert r.status_code == 200
    first = r.json()
    assert first["result"] == "admitted"
    assert first["already_checked_in"] is False
    assert first["ticket"]["attendee_name"] == "Đỗ Thị Hằng"

    r = moderator_client.post(_url(fair), {"code": reg.code, "device": "Cổng phụ"})
    assert r.status_code == 200
    again = r.json()
    assert again["already_checked_in"] is True
    assert again["result"] == "repeat"
    assert again["first_scan"]["by"] == organizer.get_full_name()
    assert again["first_scan"]["device"] == "Cổng chính"
    assert again["first_scan"]["at"] is not None


def test_forged_code_is_400_and_recorded(fair, organizer_client):
    reg = RegistrationFactory(fair=fair)
    forged = reg.code[:-3] + "xyz"
    r = organizer_client.post(_url(fair), {"code": forged})
    assert r.status_code == 400
    assert r.json()["type"] == "urn:giaothuong:problem:invalid_ticket"
    assert "code" in r.json()["errors"]
    assert CheckIn.objects.get().refusal == "invalid_code"
    reg.refresh_from_db()
    assert reg.checked_in_at is None


def test_cancelled_and_wrong_fair_tickets_are_409(fair, organizer_client):
    cancelled = RegistrationFactory(
        fair=fair, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
    )
    r = organizer_client.post(_url(fair), {"code": cancelled.code})
    assert r.status_code == 409
    assert r.json()["type"].endswith("ticket_cancelled")
    elsewhere = RegistrationFactory(fair=FairFactory())
    r = organizer_client.post(_url(fair), {"code": elsewhere.code})
    assert r.status_code == 409
    assert r.json()["type"].endswith("wrong_fair")


@pytest.mark.parametrize("who", ["anonymous", "buyer", "holder", "other_organizer"])
def test_only_the_fairs_staff_scan(who, fair, api_client, buyer_client, other_organizer_client):
    reg = RegistrationFactory(fair=fair)
    client = {
        "anonymous": api_client,
        "buyer": buyer_client,
        "holder": client_for(reg.user),
        "other_organizer": other_organizer_client,
    }[who]
    r = client.post(_url(fair), {"code": reg.code})
    assert r.status_code == (401 if who == "anonymous" else 403)
    batch = {"scans": [_scan(reg.code, 1)]}
    assert client.post(_url(fair, "batch/"), batch).status_code == r.status_code
    assert not CheckIn.objects.exists()
    reg.refresh_from_db()
    assert reg.checked_in_at is None


def _scan(code, minutes_ago, **extra):
    return {
        "scan_id": str(uuid.uuid4()),
        "code": code,
        "scanned_at": (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat(),
        "device": "Máy quét 3",
        **extra,
    }


def test_offline_batch_with_per_scan_results_and_reupload(fair, organizer_client):
    a, b = RegistrationFactory(fair=fair), RegistrationFactory(fair=fair)
    scans = [
        _scan(a.code, 40),
        _scan(b.code, 39),
        _scan(a.code, 30),
        _scan("GT1.bogus.bogus", 20),
    ]
    r = organizer_client.post(_url(fair, "batch/"), {"scans": scans})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["counts"] == {
        "received": 4,
        "accepted": 3,
        "admitted": 2,
        "repeat": 1,
        "duplicate": 0,
        "refused": 1,
    }
    assert [x["scan_id"] for x in body["results"]] == [s["scan_id"] for s in scans]
    assert [x["result"] for x in body["results"]] == ["admitted", "admitted", "repeat", "refused"]
    assert body["results"][3]["refusal"] == "invalid_code"
    assert body["results"][2]["first_scan"]["device"] == "Máy quét 3"

    r = organizer_client.post(_url(fair, "batch/"), {"scans": [*scans, _scan(b.code, 1)]})
    counts = r.json()["counts"]
    assert counts["duplicate"] == 4
    assert counts["repeat"] == 1
    assert CheckIn.objects.count() == 5


def test_malformed_batch_is_400_and_writes_nothing(fair, organizer_client):
    reg = RegistrationFactory(fair=fair)
    good = _scan(reg.code, 5)
    bad = {"code": reg.code}  # no scan_id, no scanned_at
    r = organizer_client.post(_url(fair, "batch/"), {"scans": [good, bad]})
    assert r.status_code == 400
    assert "scans.1.scan_id" in r.json()["errors"]
    assert not CheckIn.objects.exists()


def test_scan_log_for_staff(fair, organizer_client, buyer_client):
    reg = RegistrationFactory(fair=fair)
    organizer_client.post(_url(fair), {"code": reg.code, "device": "A"})
    organizer_client.post(_url(fair), {"code": reg.code, "device": "B"})
    r = organizer_client.get(_url(fair))
    assert r.status_code == 200
    assert [x["result"] for x in r.json()["results"]] == ["repeat", "admitted"]
    assert buyer_client.get(_url(fair)).status_code == 403


@pytest.mark.parametrize("n", [5, 50])
def test_scan_log_costs_constant_queries(
    n, fair, organizer, organizer_client, django_assert_num_queries
):
    for _ in range(n):
        reg = RegistrationFactory(fair=fair, user=UserFactory())
        CheckIn.objects.create(
            fair=fair,
            registration=reg,
            result="admitted",
            scanned_at=timezone.now(),
            scanned_by=organizer,
        )
    with django_assert_num_queries(4):
        r = organizer_client.get(_url(fair), {"page_size": 100})
    assert r.json()["count"] == n


def test_a_scan_from_a_clock_far_ahead_is_400(fair, organizer_client):
    reg = RegistrationFactory(fair=fair)
    ahead = {
        "scan_id": str(uuid.uuid4()),
        "code": reg.code,
        "scanned_at": (timezone.now() + dt.timedelta(hours=2)).isoformat(),
        "device": "Máy lệch giờ",
    }
    r = organizer_client.post(_url(fair, "batch/"), {"scans": [ahead]})
    assert r.status_code == 400
    assert "scans.0.scanned_at" in r.json()["errors"]
    assert not CheckIn.objects.exists()


def test_batch_accepts_the_bare_list(fair, organizer_client):
    reg = RegistrationFactory(fair=fair)
    r = organizer_client.post(_url(fair, "batch/"), [_scan(reg.code, 2)], format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["counts"]["admitted"] == 1
