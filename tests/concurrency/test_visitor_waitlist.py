"""The visitors' waiting list under real parallel clients on PostgreSQL (issue 12, item 5; D101):
never over capacity, promoted strictly in order, nobody passing the line.

As in the other tests here, the unlocked run (fairs.capacity.LOCKS_ENABLED = False, plus a small
pause between counting and deciding) shows the race is real; the same run with the fair's row
lock shows it gone.
"""

from __future__ import annotations

import time

import pytest

from fairs import capacity
from fairs.models import RegistrationStatus, VisitorRegistration
from fairs.services.fairs import fair_update
from fairs.services.visitors import registration_cancel, registration_create
from tests.concurrency.conftest import run_in_parallel
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory, OrganizerFactory

pytestmark = pytest.mark.django_db(transaction=True)

VISITORS = 100
PLACES = 20


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(capacity, "RACE_WINDOW", lambda: time.sleep(0.005))


def _status(fair) -> dict[int, str]:
    return dict(VisitorRegistration.objects.filter(fair=fair).values_list("pk", "status"))


def _active(fair) -> int:
    return VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.ACTIVE).count()


@pytest.fixture
def rush(postgres):
    fair = FairFactory(visitor_capacity=PLACES)
    people = [UserFactory(email=f"khach{i}@example.vn") for i in range(VISITORS)]
    calls = [(lambda p=p: registration_create(fair=fair, actor=p, waitlist=True)) for p in people]
    return fair, calls


def test_100_parallel_registrations_fill_20_places_and_queue_80_in_arrival_order(
    rush, wide_race_window
):
    fair, calls = rush
    outcomes = run_in_parallel(calls, clients=len(calls))
    assert [o.error for o in outcomes if not o.ok] == []
    rows = list(VisitorRegistration.objects.filter(fair=fair).order_by("id"))
    active = [r for r in rows if r.status == RegistrationStatus.ACTIVE]
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITING]
    assert (len(active), len(waiting)) == (PLACES, VISITORS - PLACES)
    # Arrival order is the order the fair's lock was granted, i.e. insertion (id) order: the
    # first 20 hold the places, and the line follows arrival.
    assert max(r.pk for r in active) < min(r.pk for r in waiting)
    assert sorted(waiting, key=lambda r: (r.waitlisted_at, r.pk)) == waiting


def test_without_the_lock_the_same_rush_oversells(rush, wide_race_window, monkeypatch):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    fair, calls = rush
    run_in_parallel(calls, clients=len(calls))
    assert _active(fair) > PLACES, "the unlocked run should show the race"


@pytest.fixture
def line(postgres):
    """A full fair (20 tickets) with 30 people waiting, made one by one (a known order), and
    10 more people about to ask for a place."""
    organizer = OrganizerFactory()
    fair = FairFactory(visitor_capacity=PLACES, organizers=[organizer])
    holders = [
        registration_create(fair=fair, actor=UserFactory(email=f"co-ve{i}@example.vn"))
        for i in range(PLACES)
    ]
    waiting = [
        registration_create(fair=fair, actor=UserFactory(email=f"cho{i}@example.vn"), waitlist=True)
        for i in range(30)
    ]
    assert {r.status for r in waiting} == {RegistrationStatus.WAITING}
    late = [UserFactory(email=f"moi{i}@example.vn") for i in range(10)]
    calls = [
        *[(lambda r=r: registration_cancel(registration=r, actor=r.user)) for r in holders[:10]],
        *[(lambda p=p: registration_create(fair=fair, actor=p, waitlist=True)) for p in late],
        lambda: fair_update(fair=fair, actor=organizer, visitor_capacity=PLACES + 5),
    ]
    return fair, waiting, calls


def test_parallel_cancellations_newcomers_and_a_capacity_raise_promote_exactly_the_first_15(
    line, wide_race_window
):
    fair, waiting, calls = line
    outcomes = run_in_parallel(calls, clients=len(calls))
    assert [o.error for o in outcomes if not o.ok] == []
    status = _status(fair)
    # 10 places freed by cancellations and 5 added: exactly 25 tickets, never more.
    assert _active(fair) == PLACES + 5
    # They went to the first 15 in line, in order; nobody who arrived meanwhile passed them.
    assert [status[r.pk] for r in waiting[:15]] == [RegistrationStatus.ACTIVE] * 15
    assert all(status[r.pk] == RegistrationStatus.WAITING for r in waiting[15:])
    newcomers = [o.value for o in outcomes[10:20]]
    assert all(status[r.pk] == RegistrationStatus.WAITING for r in newcomers)
    line_now = list(
        VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.WAITING)
        .order_by("waitlisted_at", "id")
        .values_list("pk", flat=True)
    )
    assert line_now[:15] == [r.pk for r in waiting[15:]]  # the old line keeps its order
    assert sorted(line_now[15:]) == sorted(r.pk for r in newcomers)  # newcomers behind it


def test_without_the_lock_the_same_run_goes_wrong(line, wide_race_window, monkeypatch):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    fair, waiting, calls = line
    outcomes = run_in_parallel(calls, clients=len(calls))
    status = _status(fair)
    promoted_in_order = [status[r.pk] for r in waiting[:15]] == [RegistrationStatus.ACTIVE] * 15
    # Two deciders count the same free place and pick the same first in line: one promotion
    # is lost (a cancellation fails, or a place stays empty while people wait) or a place is
    # given twice.
    assert (
        not all(o.ok for o in outcomes) or _active(fair) != PLACES + 5 or not promoted_in_order
    ), "the unlocked run should show the race"
