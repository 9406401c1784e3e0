"""Meeting slots under real parallel clients on PostgreSQL: one buyer, one exhibitor and one
table are never in two meetings in one slot.

Three runs of the same contention, named for what each shows:
- with the slot lock, the checks decide: exactly one booking wins, every loser gets the
  reason (buyer busy, no table free) and the database constraint is never needed;
- with the lock switched off, the checks race and all pass, and it is the partial unique
  constraint that refuses the extra bookings (losers get `slot_conflict`);
- with the lock off AND the constraint dropped, the application double-books: the race is real
  and only one of the two defences must be there to stop it — we keep both.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.db import connection

from core.errors import Conflict
from fairs import capacity
from fairs.models import BOOKED_STATUSES, Meeting
from fairs.services.meetings import meeting_accept, meeting_request
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, UserFactory, VendorFactory
from tests.factories.fairs import ExhibitorApplicationFactory, FairFactory
from tests.factories.fairs_visitors import SlotFactory, TableFactory

pytestmark = pytest.mark.django_db(transaction=True)

EXHIBITORS = 12


def _codes(outcomes) -> Counter:
    return Counter(
        o.error.code if isinstance(o.error, Conflict) else repr(o.error)
        for o in outcomes
        if not o.ok
    )


def _exhibitors(fair, n):
    out = []
    for i in range(n):
        owner = UserFactory(email=f"chu{i}@example.vn")
        vendor = VendorFactory(slug=f"nha-trung-bay-{i}")
        MembershipFactory(vendor=vendor, user=owner)
        ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=vendor, products=[])
        out.append((vendor, owner))
    return out


@pytest.fixture
def one_buyer_many_exhibitors(postgres):
    """One buyer asked 12 exhibitors; all accept into the same slot at once, each at its own
    table, so only the buyer is contended."""
    fair = FairFactory()
    slot = SlotFactory(fair=fair)
    buyer = UserFactory(email="sieuthi@example.vn")
    calls = []
    for i, (vendor, owner) in enumerate(_exhibitors(fair, EXHIBITORS)):
        table = TableFactory(fair=fair, name=f"B{i:02d}", position=i)
        meeting = meeting_request(fair=fair, vendor=vendor, actor=buyer)
        calls.append(
            lambda m=meeting, o=owner, t=table: meeting_accept(
                meeting=m, slot=slot, table=t, actor=o
            )
        )
    return slot, buyer, calls


@pytest.fixture
def one_table_many_pairs(postgres):
    """12 different buyer–exhibitor pairs, one table: all accept into the same slot at once."""
    fair = FairFactory()
    slot = SlotFactory(fair=fair)
    TableFactory(fair=fair, name="B01")
    calls = []
    for i, (vendor, owner) in enumerate(_exhibitors(fair, EXHIBITORS)):
        buyer = UserFactory(email=f"nguoimua{i}@example.vn")
        meeting = meeting_request(fair=fair, vendor=vendor, actor=buyer)
        calls.append(lambda m=meeting, o=owner: meeting_accept(meeting=m, slot=slot, actor=o))
    return slot, calls


@pytest.fixture
def wide_race_window(monkeypatch):
    monkeypatch.setattr(capacity, "RACE_WINDOW", lambda: time.sleep(0.01))


def _booked(slot, **who) -> int:
    return Meeting.objects.filter(slot=slot, status__in=BOOKED_STATUSES, **who).count()


def test_with_the_slot_lock_one_buyer_gets_exactly_one_meeting_per_slot(
    one_buyer_many_exhibitors, wide_race_window
):
    slot, buyer, calls = one_buyer_many_exhibitors
    outcomes = run_in_parallel(calls, clients=EXHIBITORS)
    assert sum(o.ok for o in outcomes) == 1
    # Every loser was turned away by the check under the lock, not by the constraint.
    assert _codes(outcomes) == {"buyer_busy": EXHIBITORS - 1}
    assert _booked(slot, buyer=buyer) == 1


def test_with_the_slot_lock_one_table_holds_exactly_one_meeting_per_slot(
    one_table_many_pairs, wide_race_window
):
    slot, calls = one_table_many_pairs
    outcomes = run_in_parallel(calls, clients=EXHIBITORS)
    assert sum(o.ok for o in outcomes) == 1
    assert _codes(outcomes) == {"no_table_free": EXHIBITORS - 1}
    assert _booked(slot) == 1


def test_without_the_lock_the_constraint_is_what_stops_the_double_booking(
    one_buyer_many_exhibitors, wide_race_window, monkeypatch
):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    slot, buyer, calls = one_buyer_many_exhibitors
    outcomes = run_in_parallel(calls, clients=EXHIBITORS)
    codes = _codes(outcomes)
    assert codes["slot_conflict"] > 0, "the unlocked checks should have raced"
    assert sum(o.ok for o in outcomes) == 1
    assert _booked(slot, buyer=buyer) == 1


def test_without_the_lock_the_table_constraint_stops_a_shared_table(
    one_table_many_pairs, wide_race_window, monkeypatch
):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    slot, calls = one_table_many_pairs
    outcomes = run_in_parallel(calls, clients=EXHIBITORS)
    assert _codes(outcomes)["slot_conflict"] > 0
    assert _booked(slot) == 1


@pytest.fixture
def without_buyer_constraint(postgres):
    """Drop the (slot, buyer) constraint for one test, then put it back."""
    constraint = next(c for c in Meeting._meta.constraints if c.name == "meeting_slot_buyer_unique")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Meeting, constraint)
    try:
        yield
    finally:
        Meeting.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Meeting, constraint)


def test_without_the_lock_and_without_the_constraint_the_buyer_is_double_booked(
    without_buyer_constraint, one_buyer_many_exhibitors, wide_race_window, monkeypatch
):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    slot, buyer, calls = one_buyer_many_exhibitors
    run_in_parallel(calls, clients=EXHIBITORS)
    assert _booked(slot, buyer=buyer) > 1, "with no defence at all the race double-books"


def test_with_the_slot_lock_one_exhibitor_gets_exactly_one_meeting_per_slot(
    postgres, wide_race_window
):
    """12 buyers asked the same storefront; its members accept them all into one slot at once."""
    fair = FairFactory()
    slot = SlotFactory(fair=fair)
    [(vendor, owner)] = _exhibitors(fair, 1)
    staff = [owner] + [
        MembershipFactory(vendor=vendor, role="staff", user=UserFactory()).user for _ in range(3)
    ]
    calls = []
    for i in range(EXHIBITORS):
        TableFactory(fair=fair, name=f"T{i:02d}", position=i)
        meeting = meeting_request(fair=fair, vendor=vendor, actor=UserFactory())
        member = staff[i % len(staff)]
        calls.append(lambda m=meeting, u=member: meeting_accept(meeting=m, slot=slot, actor=u))
    outcomes = run_in_parallel(calls, clients=EXHIBITORS)
    assert sum(o.ok for o in outcomes) == 1
    assert _codes(outcomes) == {"exhibitor_busy": EXHIBITORS - 1}
    assert _booked(slot, vendor=vendor) == 1


def test_one_request_accepted_twice_at_once_is_booked_once(postgres, wide_race_window):
    """Two members accept the same request into two different slots at the same moment."""
    fair = FairFactory()
    slots = [SlotFactory(fair=fair) for _ in range(6)]
    TableFactory(fair=fair)
    [(vendor, owner)] = _exhibitors(fair, 1)
    other = MembershipFactory(vendor=vendor, role="staff", user=UserFactory()).user
    meeting = meeting_request(fair=fair, vendor=vendor, actor=UserFactory())
    members = [owner, other] * 3
    outcomes = run_in_parallel(
        [
            (lambda s=s, u=u: meeting_accept(meeting=meeting, slot=s, actor=u))
            for s, u in zip(slots, members, strict=True)
        ],
        clients=6,
    )
    assert sum(o.ok for o in outcomes) == 1
    assert _codes(outcomes) == {"illegal_transition": 5}
    assert Meeting.objects.filter(pk=meeting.pk, status__in=BOOKED_STATUSES).count() == 1
