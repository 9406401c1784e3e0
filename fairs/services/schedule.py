"""The organizer's meeting schedule of a fair: time slots and meeting tables.

Split from `fairs.services.meetings` (the requests and their lifecycle), which books them.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, ValidationFailed
from fairs.capacity import lock_for_update
from fairs.models import (
    Fair,
    Meeting,
    MeetingSlot,
    MeetingTable,
)
from fairs.services._common import require_fair_manager
from marketplace.models import User

MAX_SLOTS_PER_GENERATION = 200
MAX_TABLES_PER_GENERATION = 200


# --- slots and tables (the organizer) --------------------------------------------------------


def _check_slot_times(fair: Fair, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationFailed(
            _("A slot must end after it starts."),
            errors={"duration_minutes": [_("Give a positive duration.")]},
        )
    if starts_at < fair.starts_at or ends_at > fair.ends_at:
        raise ValidationFailed(
            _("Meeting slots must lie within the fair's dates."),
            errors={"starts_at": [_("Choose a time between the fair's start and end.")]},
        )


def _overlapping(fair: Fair, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    return MeetingSlot.objects.filter(
        fair=fair, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()


@transaction.atomic
def slot_create(
    *, fair: Fair, starts_at: dt.datetime, duration_minutes: int, actor: User
) -> MeetingSlot:
    """One slot. Slots of a fair never overlap, so "one meeting per person per slot" also means
    "one meeting per person at a time"."""
    require_fair_manager(actor, fair)
    [fair] = lock_for_update(Fair.objects.filter(pk=fair.pk))
    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    _check_slot_times(fair, starts_at, ends_at)
    if _overlapping(fair, starts_at, ends_at):
        raise Conflict(_("This slot overlaps another slot of the fair."), code="slot_overlap")
    slot = MeetingSlot.objects.create(fair=fair, starts_at=starts_at, ends_at=ends_at)
    audit_record(actor=actor, action="fairs.meeting_slot.created", target=slot)
    return slot


@transaction.atomic
def slot_generate(
    *,
    fair: Fair,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    every_minutes: int,
    duration_minutes: int | None = None,
    actor: User,
) -> list[MeetingSlot]:
    """Slots on `day` from `start` to `end` (local time), one every `every_minutes`, each
    `duration_minutes` long (default: back to back). Slots that already exist at the same
    time are kept; overlapping ones are refused, and then nothing is written."""
    require_fair_manager(actor, fair)
    [fair] = lock_for_update(Fair.objects.filter(pk=fair.pk))
    duration = duration_minutes or every_minutes
    if every_minutes < 5 or duration < 5 or duration > every_minutes:
        raise ValidationFailed(
            _("Slots must be at least 5 minutes long and must not overlap."),
            errors={"duration_minutes": [_("Use a duration between 5 minutes and the step.")]},
        )
    tz = timezone.get_current_timezone()
    cursor = timezone.make_aware(dt.datetime.combine(day, start), tz)
    stop = timezone.make_aware(dt.datetime.combine(day, end), tz)
    wanted: list[tuple[dt.datetime, dt.datetime]] = []
    while cursor + dt.timedelta(minutes=duration) <= stop:
        wanted.append((cursor, cursor + dt.timedelta(minutes=duration)))
        cursor += dt.timedelta(minutes=every_minutes)
    if not wanted or len(wanted) > MAX_SLOTS_PER_GENERATION:
        raise ValidationFailed(
            _("This would make %(n)s slots; make between 1 and %(max)s at a time.")
            % {"n": len(wanted), "max": MAX_SLOTS_PER_GENERATION},
            errors={"end": [_("Check the start, the end and the step.")]},
        )
    existing = set(
        MeetingSlot.objects.filter(fair=fair).values_list("starts_at", "ends_at").iterator()
    )
    created: list[MeetingSlot] = []
    for starts_at, ends_at in wanted:
        if (starts_at, ends_at) in existing:
            continue
        _check_slot_times(fair, starts_at, ends_at)
        if _overlapping(fair, starts_at, ends_at):
            local = timezone.localtime(starts_at)
            raise Conflict(
                _("The slot at %(when)s overlaps an existing slot.")
                % {"when": f"{local:%d/%m/%Y %H:%M}"},
                code="slot_overlap",
            )
        created.append(MeetingSlot.objects.create(fair=fair, starts_at=starts_at, ends_at=ends_at))
    if created:
        audit_record(
            actor=actor,
            action="fairs.meeting_slot.generated",
            target=fair,
            data={"count": len(created), "day": day.isoformat()},
        )
    return created


@transaction.atomic
def slot_delete(*, slot: MeetingSlot, actor: User) -> None:
    require_fair_manager(actor, slot.fair)
    [slot] = lock_for_update(MeetingSlot.objects.filter(pk=slot.pk))
    if Meeting.objects.filter(slot=slot).exists():
        raise Conflict(
            _("Meetings were booked in this slot; cancel them first."), code="slot_in_use"
        )
    audit_record(actor=actor, action="fairs.meeting_slot.deleted", target=slot)
    slot.delete()


@transaction.atomic
def table_create(*, fair: Fair, name: str, actor: User, position: int = 0) -> MeetingTable:
    require_fair_manager(actor, fair)
    name = name.strip()
    if not name:
        raise ValidationFailed(
            _("Name the table."), errors={"name": [_("This field is required.")]}
        )
    if MeetingTable.objects.filter(fair=fair, name=name).exists():
        raise Conflict(
            _("The fair already has a table called “%(name)s”.") % {"name": name},
            errors={"name": [_("Choose another name.")]},
            code="table_name_taken",
        )
    table = MeetingTable.objects.create(fair=fair, name=name, position=position)
    audit_record(actor=actor, action="fairs.meeting_table.created", target=table)
    return table


@transaction.atomic
def table_generate(*, fair: Fair, count: int, prefix: str, actor: User) -> list[MeetingTable]:
    """`count` more tables named prefix + number (B01, B02, …), numbered after the last."""
    require_fair_manager(actor, fair)
    if not 1 <= count <= MAX_TABLES_PER_GENERATION:
        raise ValidationFailed(
            _("Make between 1 and %(max)s tables at a time.") % {"max": MAX_TABLES_PER_GENERATION},
            errors={"count": [_("Out of range.")]},
        )
    [fair] = lock_for_update(Fair.objects.filter(pk=fair.pk))
    names = set(MeetingTable.objects.filter(fair=fair).values_list("name", flat=True))
    position = MeetingTable.objects.filter(fair=fair).count()
    created: list[MeetingTable] = []
    n = 0
    while len(created) < count:
        n += 1
        name = f"{prefix}{n:02d}"
        if name in names:
            continue
        position += 1
        created.append(MeetingTable(fair=fair, name=name, position=position))
    MeetingTable.objects.bulk_create(created)
    audit_record(
        actor=actor,
        action="fairs.meeting_table.generated",
        target=fair,
        data={"count": count, "prefix": prefix},
    )
    return created


@transaction.atomic
def table_set_active(*, table: MeetingTable, is_active: bool, actor: User) -> MeetingTable:
    """Take a table out of use (no new meetings) or back in; booked meetings keep it."""
    require_fair_manager(actor, table.fair)
    table.is_active = is_active
    table.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="fairs.meeting_table.updated",
        target=table,
        data={"is_active": is_active},
    )
    return table
