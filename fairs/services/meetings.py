"""Writes on B2B matchmaking (kết nối cung cầu): slots, tables, and meetings.

Booking (D42): `meeting_accept` runs in one transaction that locks the meeting, then the slot's
row (`fairs.capacity.lock_for_update`), and only then checks that the buyer, the storefront and
the table are free in that slot and books it. Every booking of one slot therefore queues on
that slot's lock; lock order is always meeting, then slot. The partial unique constraints
(slot, buyer), (slot, vendor), (slot, table) over booked meetings back this: if the lock were
ever missing, the database refuses the second booking and the person gets the same 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.workflow import lifecycle, transition
from fairs.capacity import lock_for_update, race_window
from fairs.models import (
    BOOKED_STATUSES,
    HOLDING_STATUSES,
    ExhibitorApplication,
    Fair,
    FairStatus,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
)
from fairs.services._common import can_manage_fair
from marketplace.models import User, Vendor
from marketplace.permissions import is_member
from marketplace.services.notifications import vendor_member_emails

MEETING_LIFECYCLE = lifecycle(
    {
        MeetingStatus.REQUESTED: {
            MeetingStatus.ACCEPTED,
            MeetingStatus.DECLINED,
            MeetingStatus.CANCELLED,
        },
        MeetingStatus.ACCEPTED: {
            MeetingStatus.HELD,
            MeetingStatus.NO_SHOW,
            MeetingStatus.CANCELLED,
        },
    }
)

MATCHMAKING_FAIR_STATUSES = frozenset({FairStatus.OPEN, FairStatus.CLOSED, FairStatus.RUNNING})


# --- meetings --------------------------------------------------------------------------------


def _check_matchmaking_open(fair: Fair) -> None:
    if fair.status not in MATCHMAKING_FAIR_STATUSES or timezone.now() >= fair.ends_at:
        raise Conflict(
            _("Meetings cannot be arranged for this fair now."), code="matchmaking_closed"
        )


def is_exhibitor(fair: Fair, vendor: Vendor) -> bool:
    """Storefronts holding booths at the fair (approved, confirmed or checked in)."""
    return ExhibitorApplication.objects.filter(
        fair=fair, vendor=vendor, status__in=HOLDING_STATUSES
    ).exists()


def _require_exhibitor_side(meeting: Meeting, actor: User) -> None:
    if not (is_member(actor, meeting.vendor) or can_manage_fair(actor, meeting.fair)):
        raise NotAllowed(_("Only the exhibitor's members or the fair's organizers may do this."))


def _require_participant(meeting: Meeting, actor: User) -> None:
    if meeting.buyer_id == actor.pk:
        return
    _require_exhibitor_side(meeting, actor)


@transaction.atomic
def meeting_request(
    *,
    fair: Fair,
    vendor: Vendor,
    actor: User,
    message: str = "",
    preferred_slots: Sequence[MeetingSlot] = (),
) -> Meeting:
    """A buyer asks an exhibitor for a one-to-one meeting; the exhibitor is told by e-mail."""
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to request a meeting."))
    _check_matchmaking_open(fair)
    if not is_exhibitor(fair, vendor):
        raise ValidationFailed(
            _("%(vendor)s does not exhibit at this fair.") % {"vendor": vendor.display_name},
            errors={"vendor": [_("Choose one of the fair's exhibitors.")]},
        )
    if is_member(actor, vendor):
        raise ValidationFailed(
            _("You cannot request a meeting with your own storefront."),
            errors={"vendor": [_("Choose another exhibitor.")]},
        )
    foreign = [s.pk for s in preferred_slots if s.fair_id != fair.pk]
    if foreign:
        raise ValidationFailed(
            _("Preferred slots must be slots of this fair."),
            errors={"preferred_slots": [_("Unknown slots: %(ids)s.") % {"ids": foreign}]},
        )
    meeting = Meeting(fair=fair, buyer=actor, vendor=vendor, message=message.strip())
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        raise Conflict(
            _("You already asked this exhibitor for a meeting; wait for the answer."),
            code="meeting_already_requested",
        ) from exc
    meeting.preferred_slots.set(preferred_slots)
    audit_record(
        actor=actor,
        action="fairs.meeting.requested",
        target=meeting,
        to_state=meeting.status,
        data={"fair": fair.slug, "vendor": vendor.slug},
    )
    email_after_commit(
        recipients=vendor_member_emails(vendor),
        subject=_("Meeting request at “%(fair)s”") % {"fair": fair.name},
        body=_(
            "%(buyer)s asks %(vendor)s for a B2B meeting at “%(fair)s”.\n\n%(message)s\n\n"
            "Accept it with a slot or decline it in your storefront's fair schedule."
        )
        % {
            "buyer": actor.get_full_name(),
            "vendor": vendor.display_name,
            "fair": fair.name,
            "message": meeting.message,
        },
    )
    return meeting


def _busy(slot: MeetingSlot, **who: Any) -> bool:
    return Meeting.objects.filter(slot=slot, status__in=BOOKED_STATUSES, **who).exists()


def _free_table(slot: MeetingSlot) -> MeetingTable | None:
    taken = Meeting.objects.filter(slot=slot, status__in=BOOKED_STATUSES).values("table_id")
    return (
        MeetingTable.objects.filter(fair_id=slot.fair_id, is_active=True)
        .exclude(pk__in=taken)
        .order_by("position", "name", "id")
        .first()
    )


@transaction.atomic
def meeting_accept(
    *,
    meeting: Meeting,
    slot: MeetingSlot,
    actor: User,
    table: MeetingTable | None = None,
) -> Meeting:
    """Book the meeting into `slot` at `table` (or the first free table) — or 409 with why."""
    _require_exhibitor_side(meeting, actor)
    [meeting] = lock_for_update(Meeting.objects.filter(pk=meeting.pk))
    if meeting.status != MeetingStatus.REQUESTED:
        raise Conflict(
            _("Only a requested meeting can be accepted (this one is %(status)s).")
            % {"status": meeting.get_status_display()},
            code="illegal_transition",
        )
    if slot.fair_id != meeting.fair_id or (table is not None and table.fair_id != meeting.fair_id):
        raise ValidationFailed(
            _("Choose a slot and a table of this fair."),
            errors={"slot": [_("Not a slot of this fair.")]},
        )
    _check_matchmaking_open(meeting.fair)
    # Everything booked in this slot is decided by whoever holds the slot's lock.
    [slot] = lock_for_update(MeetingSlot.objects.filter(pk=slot.pk))
    if slot.starts_at <= timezone.now():
        raise Conflict(_("This slot has already started."), code="slot_past")
    if _busy(slot, buyer_id=meeting.buyer_id):
        raise Conflict(
            _("The buyer already has a meeting in this slot; choose another slot."),
            errors={"slot": [_("The buyer is busy then.")]},
            code="buyer_busy",
        )
    if _busy(slot, vendor_id=meeting.vendor_id):
        raise Conflict(
            _("Your storefront already has a meeting in this slot; choose another slot."),
            errors={"slot": [_("You are busy then.")]},
            code="exhibitor_busy",
        )
    if table is not None:
        if not table.is_active or _busy(slot, table=table):
            raise Conflict(
                _("Table %(table)s is not free in this slot.") % {"table": table.name},
                errors={"table": [_("Choose another table, or leave it empty.")]},
                code="table_taken",
            )
    else:
        table = _free_table(slot)
        if table is None:
            raise Conflict(
                _("Every table is taken in this slot; choose another slot."),
                errors={"slot": [_("No table free.")]},
                code="no_table_free",
            )
    race_window()
    try:
        with transaction.atomic():
            meeting = transition(
                instance=meeting,
                to=MeetingStatus.ACCEPTED,
                actor=actor,
                table=MEETING_LIFECYCLE,
                action="fairs.meeting.accepted",
                changes={
                    "slot": slot,
                    "table": table,
                    "decided_by": actor,
                    "decided_at": timezone.now(),
                },
                data={"slot": slot.pk, "table": table.name},
            )
    except IntegrityError as exc:
        # The constraints caught a double booking the checks above did not see.
        raise Conflict(
            _("This slot was just booked by another meeting; choose another slot."),
            code="slot_conflict",
        ) from exc
    start = timezone.localtime(slot.starts_at)
    email_after_commit(
        recipients=[meeting.buyer.email],
        subject=_("Meeting accepted: %(vendor)s") % {"vendor": meeting.vendor.display_name},
        body=_("%(vendor)s will meet you at “%(fair)s” on %(when)s at table %(table)s.")
        % {
            "vendor": meeting.vendor.display_name,
            "fair": meeting.fair.name,
            "when": f"{start:%d/%m/%Y %H:%M}",
            "table": table.name,
        },
    )
    return meeting


@transaction.atomic
def meeting_decline(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    _require_exhibitor_side(meeting, actor)
    meeting = transition(
        instance=meeting,
        to=MeetingStatus.DECLINED,
        actor=actor,
        table=MEETING_LIFECYCLE,
        action="fairs.meeting.declined",
        reason=reason,
        reason_required=True,
        changes={"decided_by": actor, "decided_at": timezone.now()},
    )
    email_after_commit(
        recipients=[meeting.buyer.email],
        subject=_("Meeting declined: %(vendor)s") % {"vendor": meeting.vendor.display_name},
        body=_("%(vendor)s cannot meet you at “%(fair)s”. Reason: %(reason)s")
        % {
            "vendor": meeting.vendor.display_name,
            "fair": meeting.fair.name,
            "reason": meeting.status_reason,
        },
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str = "") -> Meeting:
    """The buyer withdraws, or either side (or the organizer) cancels a booked meeting; the
    slot, the table and both people are free again at once."""
    _require_participant(meeting, actor)
    return transition(
        instance=meeting,
        to=MeetingStatus.CANCELLED,
        actor=actor,
        table=MEETING_LIFECYCLE,
        action="fairs.meeting.cancelled",
        reason=reason,
    )


@transaction.atomic
def meeting_record_outcome(
    *,
    meeting: Meeting,
    outcome: str,
    actor: User,
    deal_signed: bool = False,
    deal_value: int | None = None,
    note: str = "",
) -> Meeting:
    """After the slot has started: held (with any deal signed and its value in VND) or no-show."""
    _require_participant(meeting, actor)
    if outcome not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationFailed(
            _("The outcome is held or no_show."), errors={"outcome": [_("Not a valid choice.")]}
        )
    if outcome == MeetingStatus.NO_SHOW and (deal_signed or deal_value is not None):
        raise ValidationFailed(
            _("A meeting that did not take place has no deal."),
            errors={"deal_signed": [_("Leave the deal empty for a no-show.")]},
        )
    if deal_value is not None and not deal_signed:
        raise ValidationFailed(
            _("Give a deal value only for a signed deal."),
            errors={"deal_value": [_("Tick “deal signed” or leave the value empty.")]},
        )
    if deal_value is not None and deal_value < 0:
        raise ValidationFailed(
            _("A deal value is a whole, positive amount of VND."),
            errors={"deal_value": [_("Enter a whole, positive amount of VND.")]},
        )
    slot = meeting.slot
    if meeting.status == MeetingStatus.ACCEPTED and slot and slot.starts_at > timezone.now():
        raise Conflict(
            _("Record the outcome once the meeting's slot has started."), code="slot_not_started"
        )
    return transition(
        instance=meeting,
        to=outcome,
        actor=actor,
        table=MEETING_LIFECYCLE,
        action=f"fairs.meeting.{outcome}",
        changes={"deal_signed": deal_signed, "deal_value": deal_value, "outcome_note": note},
        data={"deal_signed": deal_signed, "deal_value": deal_value},
    )
