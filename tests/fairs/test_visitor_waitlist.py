"""The visitors' waiting list of a full fair (issue 12, item 5; D101): join it when asked,
see one's place, leave it; a cancelled ticket or a raised capacity goes to the first in line,
in the same transaction, and the promoted visitor is e-mailed after commit.

On main a full fair answered 409 with no way to queue.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditLog
from fairs.models import Fair, FairStatus, RegistrationStatus, VisitorRegistration
from fairs.services import visitors as svc
from fairs.services.fairs import fair_cancel, fair_update
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(fair, rest=""):
    return f"/api/v1/fairs/{fair.slug}/registrations/{rest}"


@pytest.fixture
def full_fair(organizer):
    """Two places, both taken."""
    fair = FairFactory(visitor_capacity=2, organizers=[organizer])
    for i in range(2):
        svc.registration_create(fair=fair, actor=UserFactory(email=f"co-ve{i}@example.vn"))
    return fair


def _join(fair, email):
    user = UserFactory(email=email)
    client = client_for(user)
    return client, client.post(_url(fair), {"waitlist": True}, format="json")


def test_a_full_fair_says_it_has_a_waiting_list(full_fair, buyer_client):
    r = buyer_client.post(_url(full_fair), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    body = r.json()
    assert body["type"] == "urn:giaothuong:problem:fair_full"
    assert "waiting list" in body["detail"]
    assert "waitlist" in body["errors"]
    assert not VisitorRegistration.objects.filter(status=RegistrationStatus.WAITING).exists()


def test_joining_the_waiting_list_shows_the_place_and_no_ticket(full_fair, buyer, buyer_client):
    r = buyer_client.post(_url(full_fair), {"waitlist": True}, format="json")
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "waiting"
    assert body["waitlist_position"] == 1
    assert body["code"] is None
    assert body["waitlisted_at"] is not None
    _, second = _join(full_fair, "thu-hai@example.vn")
    assert second.json()["waitlist_position"] == 2

    mine = buyer_client.get("/api/v1/tickets/").json()["results"]
    assert [(t["status"], t["waitlist_position"]) for t in mine] == [("waiting", 1)]
    qr = buyer_client.get(f"/api/v1/tickets/{body['id']}/qr.svg")
    assert qr.status_code == 409
    assert qr.json()["type"].endswith("ticket_waiting")
    again = buyer_client.post(_url(full_fair), {"waitlist": True}, format="json")
    assert again.status_code == 409
    assert again.json()["type"].endswith("already_waiting")
    assert AuditLog.objects.filter(action="fairs.registration.waitlisted").count() == 2


def test_a_free_place_goes_to_the_first_in_line_and_is_emailed(
    full_fair, django_capture_on_commit_callbacks
):
    first_client, first = _join(full_fair, "thu-nhat@example.vn")
    second_client, second = _join(full_fair, "thu-hai@example.vn")
    holder = VisitorRegistration.objects.filter(
        fair=full_fair, status=RegistrationStatus.ACTIVE
    ).first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(holder.user).post(f"/api/v1/tickets/{holder.pk}/cancel/", {})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"

    promoted = first_client.get(f"/api/v1/tickets/{first.json()['id']}/").json()
    assert promoted["status"] == "active"
    assert promoted["code"]
    assert promoted["waitlist_position"] is None
    still = second_client.get(f"/api/v1/tickets/{second.json()['id']}/").json()
    assert (still["status"], still["waitlist_position"]) == ("waiting", 1)
    assert [m.to for m in mail.outbox] == [["thu-nhat@example.vn"]]
    assert promoted["code"] in mail.outbox[0].body
    assert AuditLog.objects.filter(action="fairs.registration.promoted").count() == 1
    active = VisitorRegistration.objects.filter(fair=full_fair, status=RegistrationStatus.ACTIVE)
    assert active.count() == 2


def test_no_email_for_a_promotion_rolled_back(full_fair, django_capture_on_commit_callbacks):
    _join(full_fair, "thu-nhat@example.vn")
    holder = VisitorRegistration.objects.filter(status=RegistrationStatus.ACTIVE).first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        svc.registration_cancel(registration=holder, actor=holder.user)
    # Nothing is sent until commit: the mail is one of the callbacks waiting for it.
    assert mail.outbox == []
    assert callbacks


def test_a_waiting_visitor_can_leave_the_list(full_fair):
    first_client, first = _join(full_fair, "thu-nhat@example.vn")
    second_client, second = _join(full_fair, "thu-hai@example.vn")
    r = first_client.post(f"/api/v1/tickets/{first.json()['id']}/cancel/", {})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["waitlist_position"]) == ("cancelled", None)
    moved_up = second_client.get(f"/api/v1/tickets/{second.json()['id']}/").json()
    assert moved_up["waitlist_position"] == 1
    # Leaving the list frees no place: the two ticket holders keep theirs, nobody is promoted.
    assert (
        VisitorRegistration.objects.filter(fair=full_fair, status=RegistrationStatus.ACTIVE).count()
        == 2
    )
    assert AuditLog.objects.filter(action="fairs.registration.waitlist_left").count() == 1
    # And they may join again, at the end of the line.
    again = first_client.post(_url(full_fair), {"waitlist": True}, format="json")
    assert again.status_code == 201 and again.json()["waitlist_position"] == 2


def test_raising_the_capacity_promotes_in_order(
    full_fair, organizer_client, django_capture_on_commit_callbacks
):
    joined = [_join(full_fair, f"cho{i}@example.vn")[1].json()["id"] for i in range(3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = organizer_client.patch(
            f"/api/v1/fairs/{full_fair.slug}/", {"visitor_capacity": 4}, format="json"
        )
    assert r.status_code == 200
    status = dict(VisitorRegistration.objects.filter(pk__in=joined).values_list("pk", "status"))
    assert [status[pk] for pk in joined] == ["active", "active", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == ["cho0@example.vn", "cho1@example.vn"]


def test_removing_the_limit_promotes_everyone_waiting(full_fair, organizer):
    for i in range(3):
        _join(full_fair, f"cho{i}@example.vn")
    fair_update(fair=full_fair, actor=organizer, visitor_capacity=None)
    assert not VisitorRegistration.objects.filter(status=RegistrationStatus.WAITING).exists()


def test_the_organizers_see_the_waiting_list(full_fair, organizer_client):
    _join(full_fair, "thu-nhat@example.vn")
    r = organizer_client.get(_url(full_fair), {"status": "waiting"})
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [(x["email"], x["waitlist_position"]) for x in rows] == [("thu-nhat@example.vn", 1)]


def test_the_organizer_cancelling_a_ticket_promotes_too(full_fair, organizer_client):
    _, first = _join(full_fair, "thu-nhat@example.vn")
    holder = VisitorRegistration.objects.filter(status=RegistrationStatus.ACTIVE).first()
    r = organizer_client.post(_url(full_fair, f"{holder.pk}/cancel/"), {"reason": "Trùng vé"})
    assert r.status_code == 200
    assert VisitorRegistration.objects.get(pk=first.json()["id"]).status == "active"


def test_nobody_passes_the_line_when_a_place_is_free(organizer):
    """A place free while someone waits (a promotion was skipped): the line goes first."""
    fair = FairFactory(visitor_capacity=2, organizers=[organizer])
    RegistrationFactory(fair=fair)
    waiting = RegistrationFactory(
        fair=fair, status=RegistrationStatus.WAITING, waitlisted_at=timezone.now()
    )
    newcomer = svc.registration_create(fair=fair, actor=UserFactory(), waitlist=True)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.ACTIVE
    assert newcomer.status == RegistrationStatus.WAITING


def test_a_waiting_registration_is_not_admitted_at_the_gate(organizer, organizer_client):
    fair = FairFactory(visitor_capacity=0, organizers=[organizer], under_way=True)
    waiting = svc.registration_create(fair=fair, actor=UserFactory(), waitlist=True)
    r = organizer_client.post(f"/api/v1/fairs/{fair.slug}/checkins/", {"code": waiting.code})
    assert r.status_code == 409
    assert r.json()["type"].endswith("ticket_waiting")
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_a_fair_that_no_longer_takes_visitors_promotes_nobody(full_fair):
    _join(full_fair, "thu-nhat@example.vn")
    holder = VisitorRegistration.objects.filter(status=RegistrationStatus.ACTIVE).first()
    Fair.objects.filter(pk=full_fair.pk).update(status=FairStatus.FINISHED)
    svc.registration_cancel(registration=holder, actor=holder.user)
    assert VisitorRegistration.objects.filter(status=RegistrationStatus.WAITING).count() == 1


def test_cancelling_the_fair_tells_the_waiting_visitors(
    full_fair, organizer, django_capture_on_commit_callbacks
):
    _join(full_fair, "thu-nhat@example.vn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fair_cancel(fair=full_fair, actor=organizer, reason="Mưa bão")
    full_fair.refresh_from_db()
    assert full_fair.status == FairStatus.CANCELLED
    to_waiting = [m for m in mail.outbox if m.to == ["thu-nhat@example.vn"]]
    assert len(to_waiting) == 1 and "Mưa bão" in to_waiting[0].body
    assert len(mail.outbox) == 3
