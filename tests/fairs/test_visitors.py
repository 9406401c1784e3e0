"""Visitor registrations (services): tickets, capacity, the window, cancelling, the e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import Conflict, NotAllowed, TransitionError
from core.models import AuditLog
from fairs import tickets
from fairs.models import FairStatus, RegistrationStatus, VisitorRegistration
from fairs.services import visitors as svc
from tests.factories import ModeratorFactory, UserFactory
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import (
    FairOrganizerFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_register_issues_a_signed_ticket_and_emails_it(buyer, django_capture_on_commit_callbacks):
    fair = FairFactory(name="Hội chợ OCOP Đất Tổ")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reg = svc.registration_create(fair=fair, actor=buyer, organization="Siêu thị Việt Trì")
    assert len(callbacks) == 2  # the ticket email and the webhook dispatch of the change
    assert reg.status == RegistrationStatus.ACTIVE
    assert reg.attendee_name == "Lê Văn Mua"
    assert tickets.token_from_code(reg.code) == reg.token
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.vn"]
    assert "Hội chợ OCOP Đất Tổ" in message.subject
    assert reg.code in message.body
    assert AuditLog.objects.filter(action="fairs.registration.created").count() == 1


def test_no_email_when_the_transaction_rolls_back(buyer, django_capture_on_commit_callbacks):
    fair = FairFactory(visitor_capacity=0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Conflict):
        svc.registration_create(fair=fair, actor=buyer)
    assert callbacks == []
    assert mail.outbox == []


def test_one_active_ticket_per_person(buyer):
    fair = FairFactory()
    svc.registration_create(fair=fair, actor=buyer)
    with pytest.raises(Conflict) as exc:
        svc.registration_create(fair=fair, actor=buyer)
    assert exc.value.code == "already_registered"
    assert VisitorRegistration.objects.filter(fair=fair).count() == 1


def test_capacity_is_respected_and_cancelling_frees_a_place():
    fair = FairFactory(visitor_capacity=2)
    first = svc.registration_create(fair=fair, actor=UserFactory())
    svc.registration_create(fair=fair, actor=UserFactory())
    late = UserFactory()
    with pytest.raises(Conflict) as exc:
        svc.registration_create(fair=fair, actor=late)
    assert exc.value.code == "fair_full"
    svc.registration_cancel(registration=first, actor=first.user)
    again = svc.registration_create(fair=fair, actor=late)
    assert again.status == RegistrationStatus.ACTIVE
    assert (
        VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.ACTIVE).count() == 2
    )


def test_no_capacity_means_no_limit():
    fair = FairFactory(visitor_capacity=None)
    for _ in range(5):
        svc.registration_create(fair=fair, actor=UserFactory())
    assert fair.registrations.count() == 5


def test_cancel_then_register_again_gets_a_new_ticket(buyer):
    fair = FairFactory()
    old = svc.registration_create(fair=fair, actor=buyer)
    svc.registration_cancel(registration=old, actor=buyer, reason="Bận việc")
    new = svc.registration_create(fair=fair, actor=buyer)
    assert new.token != old.token
    old.refresh_from_db()
    assert old.status == RegistrationStatus.CANCELLED
    assert old.cancelled_at is not None
    assert old.status_reason == "Bận việc"


@pytest.mark.parametrize("status", [FairStatus.DRAFT, FairStatus.FINISHED, FairStatus.CANCELLED])
def test_fairs_not_taking_visitors_refuse(buyer, status):
    fair = FairFactory(status=status)
    with pytest.raises(Conflict) as exc:
        svc.registration_create(fair=fair, actor=buyer)
    assert exc.value.code == "registration_closed"
    assert not VisitorRegistration.objects.exists()


def test_before_the_window_opens_and_after_the_fair_ends(buyer):
    fair = FairFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(Conflict) as exc:
        svc.registration_create(fair=fair, actor=buyer)
    assert exc.value.code == "registration_not_open"
    ended = FairFactory(
        status=FairStatus.RUNNING,
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(minutes=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=9),
        registration_closes_at=timezone.now() - dt.timedelta(days=4),
    )
    with pytest.raises(Conflict) as exc:
        svc.registration_create(fair=ended, actor=buyer)
    assert exc.value.code == "registration_closed"


def test_running_fair_still_takes_visitors(buyer):
    fair = FairFactory(
        status=FairStatus.RUNNING,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() + dt.timedelta(days=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=9),
        registration_closes_at=timezone.now() - dt.timedelta(days=4),
    )
    assert svc.registration_create(fair=fair, actor=buyer).status == "active"


def test_only_the_holder_or_the_fairs_staff_cancel():
    reg = RegistrationFactory()
    with pytest.raises(NotAllowed):
        svc.registration_cancel(registration=reg, actor=UserFactory())
    other_organizer = FairOrganizerFactory().user
    with pytest.raises(NotAllowed):
        svc.registration_cancel(registration=reg, actor=other_organizer)
    organizer = FairOrganizerFactory(fair=reg.fair).user
    svc.registration_cancel(registration=reg, actor=organizer, reason="Trùng đăng ký")
    assert AuditLog.objects.get(action="fairs.registration.cancelled").actor == organizer
    reg2 = RegistrationFactory()
    svc.registration_cancel(registration=reg2, actor=ModeratorFactory())


def test_cancelling_twice_is_an_illegal_transition():
    reg = RegistrationFactory()
    svc.registration_cancel(registration=reg, actor=reg.user)
    with pytest.raises(TransitionError):
        svc.registration_cancel(registration=reg, actor=reg.user)


def test_a_used_ticket_cannot_be_cancelled():
    reg = RegistrationFactory(checked_in_at=timezone.now())
    with pytest.raises(Conflict) as exc:
        svc.registration_cancel(registration=reg, actor=reg.user)
    assert exc.value.code == "already_checked_in"


def test_visitors_are_told_one_by_one_when_the_fair_is_cancelled(
    django_capture_on_commit_callbacks,
):
    fair = FairFactory(status=FairStatus.CANCELLED, status_reason="Bão số 3")
    holders = [RegistrationFactory(fair=fair) for _ in range(3)]
    RegistrationFactory(fair=fair, status="cancelled", cancelled_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.visitors_notify_fair_cancelled(fair=fair) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in holders)
    assert all(len(m.to) == 1 and "Bão số 3" in m.body for m in mail.outbox)


def test_cancelling_the_fair_tells_its_ticket_holders(django_capture_on_commit_callbacks):
    from fairs.services.fairs import fair_cancel

    organizer = UserFactory(is_organizer=True)
    fair = FairFactory(organizers=[organizer])
    holders = [RegistrationFactory(fair=fair) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        fair_cancel(fair=fair, actor=organizer, reason="Bão số 3")
    ticket_mail = [m for m in mail.outbox if "Bão số 3" in m.body and len(m.to) == 1]
    assert sorted(m.to[0] for m in ticket_mail) == sorted(r.user.email for r in holders)
