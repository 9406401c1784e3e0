"""Reads on visitor registrations (tickets) and check-in scans."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fairs.models import (
    LIVE_REGISTRATION_STATUSES,
    CheckIn,
    Fair,
    RegistrationStatus,
    VisitorRegistration,
)
from marketplace.models import User


def ticket_list_for_user(user: User) -> QuerySet[VisitorRegistration]:
    """The signed-in person's tickets, newest first, with their fairs (one query per page)."""
    return (
        VisitorRegistration.objects.filter(user_id=user.pk)
        .select_related("fair", "checked_in_by")
        .order_by("-created_at", "-id")
    )


def registration_list_for_fair(
    fair: Fair, *, status: str | None = None, checked_in: bool | None = None
) -> QuerySet[VisitorRegistration]:
    qs = VisitorRegistration.objects.filter(fair=fair).select_related(
        "fair", "user", "checked_in_by"
    )
    if status:
        qs = qs.filter(status=status)
    if checked_in is not None:
        qs = qs.filter(checked_in_at__isnull=not checked_in)
    return qs.order_by("-created_at", "-id")


def checkin_list_for_fair(fair: Fair) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.filter(fair=fair)
        .select_related("registration", "scanned_by")
        .order_by("-scanned_at", "-id")
    )


def visitor_places_taken(fair: Fair) -> int:
    return VisitorRegistration.objects.filter(fair=fair, status=RegistrationStatus.ACTIVE).count()


def ticket_get_for_user(*, user: User, ticket_id: int) -> VisitorRegistration | None:
    """One of the person's tickets, or None (someone else's ticket is None too)."""
    return ticket_list_for_user(user).filter(pk=ticket_id).first()


def ticket_live_for_fair(*, user: User, fair: Fair) -> VisitorRegistration | None:
    """The person's ticket or place on the waiting list of `fair`, or None (one at most)."""
    return (
        ticket_list_for_user(user).filter(fair=fair, status__in=LIVE_REGISTRATION_STATUSES).first()
    )


def waitlist_position(registration: VisitorRegistration) -> int | None:
    """1 for the first in line of the fair's waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING or registration.waitlisted_at is None:
        return None
    ahead = VisitorRegistration.objects.filter(
        fair_id=registration.fair_id, status=RegistrationStatus.WAITING
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, id__lt=registration.pk)
    )
    return ahead.count() + 1
