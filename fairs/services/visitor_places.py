"""Visitor places of a fair: who holds one, the waiting list, and promotion from it (D101).

A fair with a `visitor_capacity` issues at most that many active tickets. When it is full, a
visitor who asks for it waits instead (a registration with status `waiting`, in the order
(`waitlisted_at`, id)); nobody passes the line while someone waits. Whenever a place may have
come free — a ticket cancelled, the capacity raised or removed — `waitlist_promote` runs in
the same transaction, under the fair's row lock (fairs.capacity.lock_for_update, the lock every
registration of the fair queues on): it recounts the active tickets and turns the first waiting
registrations into tickets, in order, while places last. Each promoted visitor gets the ticket
e-mail after commit. The booths' waiting list works the same way
(fairs.services.exhibitors.applications.waitlist_promote).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.links import page_url
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from fairs.capacity import race_window
from fairs.models import Fair, FairStatus, RegistrationStatus, VisitorRegistration
from marketplace.models import User

REGISTRATION_LIFECYCLE = lifecycle(
    {
        RegistrationStatus.ACTIVE: {RegistrationStatus.CANCELLED},
        RegistrationStatus.WAITING: {RegistrationStatus.ACTIVE, RegistrationStatus.CANCELLED},
    },
)

# A fair takes visitors from the day applications open until it ends, unless cancelled.
VISITOR_FAIR_STATUSES = frozenset({FairStatus.OPEN, FairStatus.CLOSED, FairStatus.RUNNING})


def takes_visitors(fair: Fair, now: datetime) -> bool:
    return fair.status in VISITOR_FAIR_STATUSES and now < fair.ends_at


def waitlist_queue(fair: Fair) -> QuerySet[VisitorRegistration]:
    """The fair's waiting registrations, first in line first."""
    return VisitorRegistration.objects.filter(
        fair=fair, status=RegistrationStatus.WAITING
    ).order_by("waitlisted_at", "id")


def places_free(fair: Fair) -> int | None:
    """Places not held by an active ticket; None when the fair has no limit."""
    if fair.visitor_capacity is None:
        return None
    taken = VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.ACTIVE).count()
    return max(0, fair.visitor_capacity - taken)


def waitlist_promote(*, fair: Fair, actor: User | None) -> list[VisitorRegistration]:
    """Give the free places to the first waiting visitors, in order; call it with the fair's row
    locked, in the transaction that freed the places. A fair that no longer takes visitors
    (finished, cancelled, or past its end) promotes nobody."""
    if not takes_visitors(fair, timezone.now()):
        return []
    free = places_free(fair)
    if free == 0:
        return []
    queue = waitlist_queue(fair).select_related("user")
    candidates = list(queue if free is None else queue[:free])
    race_window()
    promoted: list[VisitorRegistration] = []
    for waiting in candidates:
        registration = transition(
            instance=waiting,
            to=RegistrationStatus.ACTIVE,
            actor=actor,
            table=REGISTRATION_LIFECYCLE,
            action="fairs.registration.promoted",
            changes={"waitlisted_at": None},
            data={"fair": fair.slug},
        )
        registration.fair = fair
        registration_changed(registration)
        email_ticket(registration, waiting.user.email, promoted=True)
        promoted.append(registration)
    return promoted


def registration_changed(registration: VisitorRegistration) -> None:
    public_changed_send(
        kind="registration", object_ids=[registration.pk], event="registration.changed"
    )


def email_ticket(registration: VisitorRegistration, email: str, *, promoted: bool = False) -> None:
    """The ticket e-mail, after commit; `promoted`: the place came from the waiting list."""
    fair = registration.fair
    starts = timezone.localtime(fair.starts_at)
    values = {
        "name": registration.attendee_name,
        "fair": fair.name,
        "when": f"{starts:%d/%m/%Y %H:%M}",
        "venue": fair.venue or fair.online_url,
        "url": page_url(
            "fair-ticket",
            fallback=reverse("ticket-qr-svg", kwargs={"pk": registration.pk}),
            slug=fair.slug,
        ),
        "code": registration.code,
    }
    if promoted:
        subject = _("A place came free: your ticket for “%(fair)s”") % values
        body = _(
            "Hello %(name)s,\n\na visitor place at “%(fair)s” (from %(when)s, %(venue)s) came "
            "free and it is yours: you were next on the waiting list. Show the QR code of your "
            "ticket at the entrance:\n%(url)s\n\nTicket code: %(code)s"
        )
    else:
        subject = _("Your ticket for “%(fair)s”") % values
        body = _(
            "Hello %(name)s,\n\nyour visitor ticket for “%(fair)s” (from %(when)s, %(venue)s) "
            "is ready. Show its QR code at the entrance:\n%(url)s\n\nTicket code: %(code)s"
        )
    email_after_commit(recipients=[email], subject=subject, body=body % values)
