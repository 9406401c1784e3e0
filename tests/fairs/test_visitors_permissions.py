"""Every visitor, check-in, matchmaking and report write × every kind of person.

Each case asserts the status code, and on refusal that nothing was written (no audit row, no
scan, no slot, no table, the ticket and the meeting unchanged).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from core.models import AuditLog
from fairs.models import CheckIn, Meeting, MeetingSlot, MeetingTable, VisitorRegistration
from tests.conftest import client_for
from tests.factories import MembershipFactory, ModeratorFactory, UserFactory, VendorFactory
from tests.factories.fairs import ExhibitorApplicationFactory, FairFactory, OrganizerFactory
from tests.factories.fairs_visitors import (
    MeetingFactory,
    RegistrationFactory,
    SlotFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "stranger",
    "holder",
    "exhibitor",
    "other_organizer",
    "organizer",
    "moderator",
]


@dataclass
class World:
    fair: Any
    ticket: VisitorRegistration
    meeting: Meeting
    slot: MeetingSlot
    table: MeetingTable
    users: dict[str, Any]

    def client(self, who: str):
        return client_for(self.users[who]) if who != "anonymous" else client_for(None)

    def url(self, rest: str) -> str:
        return f"/api/v1/fairs/{self.fair.slug}/{rest}"


@pytest.fixture
def world(db) -> World:
    organizer, other_organizer = OrganizerFactory(), OrganizerFactory()
    fair = FairFactory(organizers=[organizer], under_way=True)
    FairFactory(organizers=[other_organizer])
    holder = UserFactory()
    exhibitor = UserFactory()
    vendor = VendorFactory()
    MembershipFactory(vendor=vendor, user=exhibitor)
    ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=vendor)
    slot, table = SlotFactory(fair=fair), TableFactory(fair=fair)
    return World(
        fair=fair,
        ticket=RegistrationFactory(fair=fair, user=holder),
        meeting=MeetingFactory(fair=fair, buyer=holder, vendor=vendor),
        slot=slot,
        table=table,
        users={
            "stranger": UserFactory(),
            "holder": holder,
            "exhibitor": exhibitor,
            "other_organizer": other_organizer,
            "organizer": organizer,
            "moderator": ModeratorFactory(),
        },
    )


def _snapshot(w: World) -> tuple:
    w.ticket.refresh_from_db()
    w.meeting.refresh_from_db()
    return (
        AuditLog.objects.count(),
        CheckIn.objects.count(),
        MeetingSlot.objects.count(),
        MeetingTable.objects.filter(is_active=True).count(),
        w.ticket.status,
        w.ticket.checked_in_at,
        w.meeting.status,
        w.meeting.slot_id,
    )


def _scan(w: World) -> dict:
    return {"code": w.ticket.code, "device": "Cổng A"}


def _batch(w: World) -> dict:
    return {
        "scans": [
            {
                "scan_id": str(uuid.uuid4()),
                "code": w.ticket.code,
                "scanned_at": (timezone.now() - dt.timedelta(minutes=3)).isoformat(),
                "device": "Máy 1",
            }
        ]
    }


def _slot_body(w: World) -> dict:
    return {"starts_at": (w.fair.starts_at + dt.timedelta(hours=5)).isoformat()}


# name: (method, path, body, {actor: expected status}, default for other signed-in actors)
CASES: dict[str, tuple[str, Any, Any, dict[str, int], int]] = {
    "organizer cancels a ticket": (
        "post",
        lambda w: w.url(f"registrations/{w.ticket.pk}/cancel/"),
        lambda w: {"reason": "Trùng"},
        {"organizer": 200, "moderator": 200},
        403,
    ),
    "holder cancels own ticket": (
        "post",
        lambda w: f"/api/v1/tickets/{w.ticket.pk}/cancel/",
        lambda w: {},
        {"holder": 200},
        404,
    ),
    "scan": (
        "post",
        lambda w: w.url("checkins/"),
        _scan,
        {"organizer": 200, "moderator": 200},
        403,
    ),
    "batch": (
        "post",
        lambda w: w.url("checkins/batch/"),
        _batch,
        {"organizer": 200, "moderator": 200},
        403,
    ),
    "create slot": (
        "post",
        lambda w: w.url("meeting-slots/"),
        _slot_body,
        {"organizer": 201, "moderator": 201},
        403,
    ),
    "delete slot": (
        "delete",
        lambda w: w.url(f"meeting-slots/{w.slot.pk}/"),
        lambda w: None,
        {"organizer": 204, "moderator": 204},
        403,
    ),
    "table out of use": (
        "patch",
        lambda w: w.url(f"meeting-tables/{w.table.pk}/"),
        lambda w: {"is_active": False},
        {"organizer": 200, "moderator": 200},
        403,
    ),
    "accept meeting": (
        "post",
        lambda w: w.url(f"meetings/{w.meeting.pk}/accept/"),
        lambda w: {"slot": w.slot.pk},
        {"exhibitor": 200, "organizer": 200, "moderator": 200, "holder": 403},
        404,
    ),
    "decline meeting": (
        "post",
        lambda w: w.url(f"meetings/{w.meeting.pk}/decline/"),
        lambda w: {"reason": "Hết hàng"},
        {"exhibitor": 200, "organizer": 200, "moderator": 200, "holder": 403},
        404,
    ),
    "cancel meeting": (
        "post",
        lambda w: w.url(f"meetings/{w.meeting.pk}/cancel/"),
        lambda w: {"reason": "Đổi lịch"},
        {"exhibitor": 200, "organizer": 200, "moderator": 200, "holder": 200},
        404,
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", list(CASES))
def test_matrix(world, case, actor):
    method, path, body, allowed, otherwise = CASES[case]
    expected = 401 if actor == "anonymous" else allowed.get(actor, otherwise)
    before = _snapshot(world)
    client = world.client(actor)
    data = body(world)
    response = (
        getattr(client, method)(path(world), data)
        if data is not None
        else getattr(client, method)(path(world))
    )
    assert response.status_code == expected, (case, actor, response.content[:300])
    if expected >= 400:
        assert response.json()["status"] == expected
        assert _snapshot(world) == before, (case, actor)
    else:
        assert _snapshot(world) != before, (case, actor)


@pytest.mark.parametrize("actor", ACTORS)
def test_report_is_for_the_fairs_staff(world, actor):
    expected = {"anonymous": 401, "organizer": 200, "moderator": 200}.get(actor, 403)
    client = world.client(actor)
    assert client.get(world.url("report/")).status_code == expected
    assert client.get(world.url("report/export/")).status_code == expected
