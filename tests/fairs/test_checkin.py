"""Check-in (services): first scan admits, the second says who and when, refusals, batches."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from core.errors import Conflict, NotAllowed, ValidationFailed
from core.models import AuditLog
from fairs import tickets
from fairs.models import CheckIn, FairStatus, RegistrationStatus, ScanResult
from fairs.services import visitors as svc
from tests.factories import ModeratorFactory, UserFactory
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import (
    FairOrganizerFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    return FairFactory(under_way=True)


@pytest.fixture
def gatekeeper(fair):
    return FairOrganizerFactory(fair=fair, user__full_name="Trần Gác Cổng").user


def test_first_scan_admits_and_second_says_who_and_when(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    first = svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper, device="Cổng A")
    assert first.result == ScanResult.ADMITTED
    assert first.duplicate is False
    reg.refresh_from_db()
    assert reg.checked_in_by == gatekeeper
    assert reg.checked_in_device == "Cổng A"
    assert reg.checked_in_at is not None

    second_staff = ModeratorFactory(full_name="Phạm Kiểm Soát")
    second = svc.checkin_scan(fair=fair, code=reg.code, actor=second_staff, device="Cổng B")
    assert second.result == ScanResult.REPEAT
    assert second.first_scan == {
        "at": reg.checked_in_at,
        "by": "Trần Gác Cổng",
        "device": "Cổng A",
    }
    reg.refresh_from_db()
    assert reg.checked_in_device == "Cổng A"  # the first scan stays the first
    assert CheckIn.objects.filter(registration=reg).count() == 2
    assert AuditLog.objects.filter(action="fairs.registration.checked_in").count() == 1


def test_forged_code_is_refused_and_recorded(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    forged = reg.code[:-2] + ("AA" if not reg.code.endswith("AA") else "BB")
    outcome = svc.checkin_scan(fair=fair, code=forged, actor=gatekeeper)
    assert outcome.result == ScanResult.REFUSED
    assert outcome.scan.refusal == "invalid_code"
    assert outcome.registration is None
    reg.refresh_from_db()
    assert reg.checked_in_at is None
    # A raw token without its signature is not a ticket either.
    outcome = svc.checkin_scan(fair=fair, code=reg.token, actor=gatekeeper)
    assert outcome.scan.refusal == "invalid_code"


def test_cancelled_ticket_is_refused(fair, gatekeeper):
    reg = RegistrationFactory(
        fair=fair, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
    )
    outcome = svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper)
    assert outcome.result == ScanResult.REFUSED
    assert outcome.scan.refusal == "cancelled"
    reg.refresh_from_db()
    assert reg.checked_in_at is None


def test_other_fairs_ticket_and_unknown_token_are_refused(fair, gatekeeper):
    elsewhere = RegistrationFactory()
    outcome = svc.checkin_scan(fair=fair, code=elsewhere.code, actor=gatekeeper)
    assert outcome.scan.refusal == "wrong_fair"
    assert outcome.registration is None
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None
    signed_but_unknown = tickets.code_for(tickets.token_new())
    outcome = svc.checkin_scan(fair=fair, code=signed_but_unknown, actor=gatekeeper)
    assert outcome.scan.refusal == "unknown_ticket"


def test_only_the_fairs_staff_scan(fair):
    reg = RegistrationFactory(fair=fair)
    for actor in (UserFactory(), FairOrganizerFactory().user, reg.user):
        with pytest.raises(NotAllowed):
            svc.checkin_scan(fair=fair, code=reg.code, actor=actor)
    assert not CheckIn.objects.exists()
    assert svc.checkin_scan(fair=fair, code=reg.code, actor=ModeratorFactory()).result == (
        "admitted"
    )


@pytest.mark.parametrize("status", [FairStatus.DRAFT, FairStatus.FINISHED, FairStatus.CANCELLED])
def test_no_checkin_when_the_fair_is_not_on(status, gatekeeper, fair):
    reg = RegistrationFactory(fair=fair)
    fair.status = status
    fair.save()
    with pytest.raises(Conflict):
        svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper)


def test_same_scan_id_twice_is_recorded_once(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    scan_id = uuid.uuid4()
    a = svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper, scan_id=scan_id)
    b = svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper, scan_id=scan_id)
    assert a.result == b.result == ScanResult.ADMITTED
    assert b.duplicate is True
    assert CheckIn.objects.count() == 1


def _scan(code, minutes_ago, device="Máy 1", scan_id=None):
    return {
        "scan_id": scan_id or uuid.uuid4(),
        "code": code,
        "scanned_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        "device": device,
    }


def test_offline_batch_counts_and_partial_failures(fair, gatekeeper):
    a, b = RegistrationFactory(fair=fair), RegistrationFactory(fair=fair)
    cancelled = RegistrationFactory(
        fair=fair, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
    )
    scans = [
        _scan(a.code, 30),
        _scan(b.code, 29),
        _scan(a.code, 20, device="Máy 2"),  # the same person again: a repeat
        _scan("GT1.forged.signature", 10),
        _scan(cancelled.code, 5),
    ]
    out = svc.checkin_batch(fair=fair, scans=scans, actor=gatekeeper)
    assert out.counts() == {
        "received": 5,
        "accepted": 3,
        "admitted": 2,
        "repeat": 1,
        "duplicate": 0,
        "refused": 2,
    }
    assert [o.result for o in out.outcomes] == [
        "admitted",
        "admitted",
        "repeat",
        "refused",
        "refused",
    ]
    a.refresh_from_db()
    assert a.checked_in_device == "Máy 1"
    assert a.checked_in_at == scans[0]["scanned_at"]

    # The device uploads the same batch again (lost response): nothing new, all duplicates.
    again = svc.checkin_batch(fair=fair, scans=scans, actor=gatekeeper)
    assert again.counts()["duplicate"] == 5
    assert again.counts()["accepted"] == 0
    assert CheckIn.objects.count() == 5


def test_duplicates_inside_one_batch_are_counted_once(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    scan = _scan(reg.code, 3)
    out = svc.checkin_batch(fair=fair, scans=[scan, dict(scan)], actor=gatekeeper)
    assert out.counts()["admitted"] == 1
    assert out.counts()["duplicate"] == 1
    assert CheckIn.objects.count() == 1


def test_late_upload_of_an_earlier_scan_becomes_the_first_entry(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    online = svc.checkin_scan(fair=fair, code=reg.code, actor=gatekeeper, device="Cổng A")
    assert online.result == "admitted"
    earlier = _scan(reg.code, 45, device="Máy ngoại tuyến")
    out = svc.checkin_batch(fair=fair, scans=[earlier], actor=gatekeeper)
    assert out.outcomes[0].result == "admitted"
    reg.refresh_from_db()
    assert reg.checked_in_device == "Máy ngoại tuyến"
    assert reg.checked_in_at == earlier["scanned_at"]
    results = sorted(CheckIn.objects.filter(registration=reg).values_list("result", flat=True))
    assert results == ["admitted", "repeat"]


def test_batch_too_large_writes_nothing(fair, gatekeeper):
    reg = RegistrationFactory(fair=fair)
    scans = [_scan(reg.code, 1) for _ in range(svc.MAX_BATCH + 1)]
    with pytest.raises(ValidationFailed):
        svc.checkin_batch(fair=fair, scans=scans, actor=gatekeeper)
    assert not CheckIn.objects.exists()


def test_a_scan_id_reused_at_another_fair_reveals_nothing(fair, gatekeeper):
    other_fair = FairFactory()
    other_gate = FairOrganizerFactory(fair=other_fair).user
    theirs = RegistrationFactory(fair=other_fair, attendee_name="Khách hội chợ khác")
    scan_id = uuid.uuid4()
    svc.checkin_scan(fair=other_fair, code=theirs.code, actor=other_gate, scan_id=scan_id)
    mine = RegistrationFactory(fair=fair)
    out = svc.checkin_scan(fair=fair, code=mine.code, actor=gatekeeper, scan_id=scan_id)
    assert out.duplicate is True
    assert out.result == "refused"
    assert out.registration is None
    assert CheckIn.objects.count() == 1
