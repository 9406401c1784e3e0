"""Reads on B2B matchmaking: slots with what is booked, tables, meetings and schedules."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from fairs.models import BOOKED_STATUSES, Fair, Meeting, MeetingSlot, MeetingTable
from marketplace.models import User, Vendor, VendorMembership, VendorStatus


def slot_list_for_fair(fair: Fair) -> QuerySet[MeetingSlot]:
    return (
        MeetingSlot.objects.filter(fair=fair)
        .annotate(booked=Count("meetings", filter=Q(meetings__status__in=BOOKED_STATUSES)))
        .order_by("starts_at", "id")
    )


def table_list_for_fair(fair: Fair) -> QuerySet[MeetingTable]:
    return MeetingTable.objects.filter(fair=fair).order_by("position", "name", "id")


def slot_get(*, fair: Fair, slot_id: int) -> MeetingSlot | None:
    return MeetingSlot.objects.filter(fair=fair, pk=slot_id).first()


def slot_list_by_ids(slot_ids: Iterable[int]) -> list[MeetingSlot]:
    """The slots with these ids, whichever fair they belong to (the service names foreign ones)."""
    return list(MeetingSlot.objects.filter(pk__in=list(slot_ids)))


def table_get(*, fair: Fair, table_id: int) -> MeetingTable | None:
    return MeetingTable.objects.filter(fair=fair, pk=table_id).first()


def meeting_vendor_get(*, slug: str) -> Vendor | None:
    """The approved storefront a buyer asks to meet, or None."""
    return Vendor.objects.filter(slug=slug, status=VendorStatus.APPROVED).first()


# Booked meetings in time order, then the unscheduled ones (same on every database).
_SLOT_TIME = F("slot__starts_at").asc(nulls_last=True)


def _shape(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.select_related(
        "fair", "buyer", "vendor", "vendor__province", "slot", "table"
    ).prefetch_related(
        Prefetch("preferred_slots", queryset=MeetingSlot.objects.order_by("starts_at", "id"))
    )


def meeting_list_for_fair(fair: Fair, *, status: str | None = None) -> QuerySet[Meeting]:
    """Every meeting of the fair (its organizers' view)."""
    qs = Meeting.objects.filter(fair=fair)
    if status:
        qs = qs.filter(status=status)
    return _shape(qs).order_by(_SLOT_TIME, "created_at", "id")


def _member_of_vendor(user: User) -> Exists:
    return Exists(VendorMembership.objects.filter(vendor_id=OuterRef("vendor_id"), user_id=user.pk))


def meeting_schedule_for(
    user: User, fair: Fair, *, role: str | None = None, status: str | None = None
) -> QuerySet[Meeting]:
    """The meetings `user` takes part in at `fair`: as the buyer, or as a member of the
    exhibiting storefront (`role` = buyer | exhibitor narrows it). Booked ones in time order
    first, then open requests and the rest."""
    as_buyer = Q(buyer_id=user.pk)
    as_exhibitor = Q(_member_of_vendor(user))
    who = {"buyer": as_buyer, "exhibitor": as_exhibitor}.get(role or "", as_buyer | as_exhibitor)
    qs = Meeting.objects.filter(who, fair=fair)
    if status:
        qs = qs.filter(status=status)
    return _shape(qs).order_by(_SLOT_TIME, "created_at", "id")


def meeting_visible_for(user: User, fair: Fair, *, manager: bool) -> QuerySet[Meeting]:
    """Meetings `user` may open: all of the fair's for its managers, else its own."""
    if manager:
        return _shape(Meeting.objects.filter(fair=fair))
    return meeting_schedule_for(user, fair)


def meeting_list_of_vendor(vendor: Vendor) -> QuerySet[Meeting]:
    """Meetings buyers asked a storefront for, at every fair (its seller center's list):
    booked ones in time order, then open requests and the rest."""
    return _shape(Meeting.objects.filter(vendor=vendor)).order_by(_SLOT_TIME, "-created_at", "-id")


def meeting_list_of_buyer(user: User) -> QuerySet[Meeting]:
    """Meetings a person asked for, at every fair, as meeting_list_of_vendor orders them."""
    return _shape(Meeting.objects.filter(buyer_id=user.pk)).order_by(
        _SLOT_TIME, "-created_at", "-id"
    )
