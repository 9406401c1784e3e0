"""Visitor capacity under real parallel clients on PostgreSQL: never oversold, no duplicates.

The unlocked run (fairs.capacity.LOCKS_ENABLED = False, plus a small pause between count and
insert) shows the race is real; the same run with the fair's row lock shows it gone.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from core.errors import Conflict
from fairs import capacity
from fairs.models import RegistrationStatus, VisitorRegistration
from fairs.services.visitors import registration_cancel, registration_create
from tests.concurrency.conftest import run_in_parallel
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory

pytestmark = pytest.mark.django_db(transaction=True)

VISITORS = 100
PLACES = 20


def _codes(outcomes) -> Counter:
    return Counter(
        o.error.code if isinstance(o.error, Conflict) else type(o.error).__name__
        for o in outcomes
        if not o.ok
    )


@pytest.fixture
def rush(postgres):
    fair = FairFactory(visitor_capacity=PLACES)
    buyers = [UserFactory(email=f"khach{i}@example.vn") for i in range(VISITORS)]
    calls = [(lambda b=b: registration_create(fair=fair, actor=b)) for b in buyers]
    return fair, calls


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(capacity, "RACE_WINDOW", lambda: time.sleep(0.005))


def _active(fair) -> int:
    return VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.ACTIVE).count()


def test_100_parallel_registrations_for_20_places_issue_exactly_20_tickets(rush, wide_race_window):
    fair, calls = rush
    outcomes = run_in_parallel(calls, clients=len(calls))
    assert sum(o.ok for o in outcomes) == PLACES
    assert _codes(outcomes) == {"fair_full": VISITORS - PLACES}
    assert _active(fair) == PLACES
    rows = VisitorRegistration.objects.filter(fair=fair)
    assert rows.values("user").distinct().count() == rows.count() == PLACES
    assert rows.values("token").distinct().count() == PLACES


def test_without_the_lock_the_same_rush_oversells(rush, wide_race_window, monkeypatch):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    fair, calls = rush
    run_in_parallel(calls, clients=len(calls))
    oversold = _active(fair) - PLACES
    assert oversold > 0, "the unlocked run should show the race"


def test_one_person_registering_from_many_tabs_gets_one_ticket(postgres, wide_race_window):
    fair = FairFactory(visitor_capacity=PLACES)
    buyer = UserFactory()
    outcomes = run_in_parallel(
        [lambda: registration_create(fair=fair, actor=buyer) for _ in range(10)], clients=10
    )
    assert sum(o.ok for o in outcomes) == 1
    assert _codes(outcomes) == {"already_registered": 9}
    assert _active(fair) == 1


def test_cancellations_free_places_that_newcomers_take_without_overselling(
    postgres, wide_race_window
):
    fair = FairFactory(visitor_capacity=PLACES)
    holders = [
        registration_create(fair=fair, actor=UserFactory(email=f"co-ve{i}@example.vn"))
        for i in range(PLACES)
    ]
    newcomers = [UserFactory(email=f"moi{i}@example.vn") for i in range(30)]
    cancels = [(lambda r=r: registration_cancel(registration=r, actor=r.user)) for r in holders[:5]]
    joins = [(lambda b=b: registration_create(fair=fair, actor=b)) for b in newcomers]
    outcomes = run_in_parallel(cancels + joins, clients=20)
    assert all(o.ok for o in outcomes[:5])
    joined = sum(o.ok for o in outcomes[5:])
    assert joined <= 5
    assert _active(fair) == PLACES - 5 + joined <= PLACES


def test_many_gates_scanning_one_ticket_admit_it_once(postgres):
    from fairs.models import CheckIn, ScanResult
    from fairs.services.visitors import checkin_scan
    from tests.factories.fairs import OrganizerFactory

    gatekeeper = OrganizerFactory()
    fair = FairFactory(organizers=[gatekeeper], under_way=True)
    reg = registration_create(fair=fair, actor=UserFactory())
    outcomes = run_in_parallel(
        [
            (lambda i=i: checkin_scan(fair=fair, code=reg.code, actor=gatekeeper, device=f"G{i}"))
            for i in range(12)
        ],
        clients=12,
    )
    assert all(o.ok for o in outcomes)
    results = Counter(o.value.result for o in outcomes)
    assert results == {ScanResult.ADMITTED: 1, ScanResult.REPEAT: 11}
    assert CheckIn.objects.filter(registration=reg, result=ScanResult.ADMITTED).count() == 1


def test_the_same_offline_batch_uploaded_from_two_devices_at_once_is_recorded_once(postgres):
    import datetime as dt
    import uuid

    from django.utils import timezone

    from fairs.models import CheckIn
    from fairs.services.visitors import checkin_batch
    from tests.factories.fairs import OrganizerFactory

    gatekeeper = OrganizerFactory()
    fair = FairFactory(organizers=[gatekeeper], under_way=True)
    regs = [registration_create(fair=fair, actor=UserFactory()) for _ in range(20)]
    scans = [
        {
            "scan_id": uuid.uuid4(),
            "code": r.code,
            "scanned_at": timezone.now() - dt.timedelta(minutes=i),
            "device": "Máy 1",
        }
        for i, r in enumerate(regs)
    ]
    outcomes = run_in_parallel(
        [lambda: checkin_batch(fair=fair, scans=scans, actor=gatekeeper) for _ in range(4)],
        clients=4,
    )
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert CheckIn.objects.filter(fair=fair).count() == 20
    admitted = sum(o.value.counts()["admitted"] for o in outcomes)
    duplicates = sum(o.value.counts()["duplicate"] for o in outcomes)
    assert (admitted, duplicates) == (20, 60)
