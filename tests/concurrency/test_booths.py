"""Booth capacity under real parallel clients on PostgreSQL: never oversold, FIFO waiting list.

The unlocked run (fairs.capacity.LOCKS_ENABLED = False, plus a small sleep between count and
insert) shows the race is real; the same run with the lock shows it gone.
"""

from __future__ import annotations

import time

import pytest

from fairs import capacity
from fairs.models import ApplicationStatus, ExhibitorApplication
from fairs.services.exhibitors.applications import application_cancel, application_submit
from tests.concurrency.conftest import run_in_parallel
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.fairs import BoothTypeFactory, FairFactory, OrganizerFactory

pytestmark = pytest.mark.django_db(transaction=True)

APPLICANTS = 200
BOOTHS = 20


def _applicants(n: int):
    out = []
    for i in range(n):
        user = UserFactory(email=f"exhibitor{i}@example.vn")
        vendor = VendorFactory(slug=f"co-so-{i}")
        MembershipFactory(vendor=vendor, user=user)
        out.append((user, vendor, ProductFactory(vendor=vendor)))
    return out


def _submit_call(fair, booth_type, user, vendor, product):
    def call():
        return application_submit(
            fair=fair,
            vendor=vendor,
            booth_type=booth_type,
            actor=user,
            product_ids=[product.pk],
            contact_name="Nguyễn Văn An",
            contact_phone="0912345678",
            contact_email=f"{vendor.slug}@example.vn",
        )

    return call


@pytest.fixture
def rush(postgres):
    organizer = OrganizerFactory()
    fair = FairFactory(organizers=[organizer])
    booth_type = BoothTypeFactory(fair=fair, count=BOOTHS)
    calls = [_submit_call(fair, booth_type, *a) for a in _applicants(APPLICANTS)]
    return fair, booth_type, calls


@pytest.fixture
def wide_race_window(monkeypatch):
    # Only the tests set this hook: a tiny pause between counting and inserting.
    monkeypatch.setattr(capacity, "RACE_WINDOW", lambda: time.sleep(0.005))


def test_200_applications_for_20_booths_hold_exactly_20_and_queue_180_in_order(
    rush, wide_race_window
):
    _fair, booth_type, calls = rush
    outcomes = run_in_parallel(calls, clients=len(calls))  # 200 clients, one application each
    assert [o.error for o in outcomes if not o.ok] == []

    rows = list(ExhibitorApplication.objects.filter(booth_type=booth_type).order_by("id"))
    approved = [a for a in rows if a.status == ApplicationStatus.APPROVED]
    waiting = [a for a in rows if a.status == ApplicationStatus.WAITLISTED]
    assert (len(rows), len(approved), len(waiting)) == (APPLICANTS, BOOTHS, APPLICANTS - BOOTHS)
    assert len({a.vendor_id for a in rows}) == APPLICANTS  # no duplicates
    # Arrival order = the order the lock was granted = insertion (id) order: the first 20 to
    # arrive hold the booths, and the waiting list follows arrival.
    assert max(a.pk for a in approved) < min(a.pk for a in waiting)
    by_queue = sorted(waiting, key=lambda a: (a.waitlisted_at, a.pk))
    assert [a.pk for a in by_queue] == [a.pk for a in waiting]


def test_without_the_lock_the_same_rush_oversells(rush, wide_race_window, monkeypatch):
    monkeypatch.setattr(capacity, "LOCKS_ENABLED", False)
    _fair, booth_type, calls = rush
    run_in_parallel(calls, clients=len(calls))
    approved = ExhibitorApplication.objects.filter(
        booth_type=booth_type, status=ApplicationStatus.APPROVED
    ).count()
    oversold = approved - BOOTHS
    assert oversold > 0, "the unlocked run should show the race"


def test_parallel_cancellations_promote_exactly_the_first_waiting(postgres, wide_race_window):
    organizer = OrganizerFactory()
    fair = FairFactory(organizers=[organizer])
    booth_type = BoothTypeFactory(fair=fair, count=10)
    applicants = _applicants(30)
    apps = [_submit_call(fair, booth_type, *a)() for a in applicants]  # one by one: known order
    held = [a for a in apps if a.status == ApplicationStatus.APPROVED]
    waiting = [a for a in apps if a.status == ApplicationStatus.WAITLISTED]
    assert (len(held), len(waiting)) == (10, 20)
    owners = {vendor.pk: user for user, vendor, _ in applicants}
    late = _applicants_offset(30, 10)

    cancels = [
        (lambda a=a: application_cancel(application=a, actor=owners[a.vendor_id])) for a in held[:5]
    ]
    newcomers = [_submit_call(fair, booth_type, *a) for a in late]
    outcomes = run_in_parallel(cancels + newcomers, clients=15)
    assert [o.error for o in outcomes if not o.ok] == []

    status = dict(
        ExhibitorApplication.objects.filter(booth_type=booth_type).values_list("pk", "status")
    )
    assert sum(1 for s in status.values() if s == ApplicationStatus.APPROVED) == 10
    # The five freed booths went to the first five in line, not to anyone arriving meanwhile.
    assert [status[a.pk] for a in waiting[:5]] == [ApplicationStatus.APPROVED] * 5
    assert all(status[a.pk] == ApplicationStatus.WAITLISTED for a in waiting[5:])
    assert all(status[o.value.pk] == ApplicationStatus.WAITLISTED for o in outcomes[5:])


def _applicants_offset(start: int, n: int):
    out = []
    for i in range(start, start + n):
        user = UserFactory(email=f"late{i}@example.vn")
        vendor = VendorFactory(slug=f"co-so-muon-{i}")
        MembershipFactory(vendor=vendor, user=user)
        out.append((user, vendor, ProductFactory(vendor=vendor)))
    return out


def test_one_storefront_applying_ten_times_at_once_gets_one_application(postgres):
    from core.errors import Conflict

    fair = FairFactory(organizers=[OrganizerFactory()])
    booth_type = BoothTypeFactory(fair=fair, count=5)
    [(user, vendor, product)] = _applicants(1)
    call = _submit_call(fair, booth_type, user, vendor, product)
    outcomes = run_in_parallel([call] * 10, clients=10)
    assert sum(o.ok for o in outcomes) == 1
    assert all(isinstance(o.error, Conflict) for o in outcomes if not o.ok)
    assert ExhibitorApplication.objects.filter(vendor=vendor).count() == 1
