"""Writes on visitors: registering (a ticket, or a place on the waiting list), cancelling, and
checking people in at the gates.

Capacity: `registration_create` locks the fair's row, recounts its active registrations and
inserts in one transaction, so parallel registrations queue on the lock and the last place goes
to exactly one of them. A partial unique constraint keeps one live (active or waiting)
registration per person. On a full fair a visitor who asks for it joins the waiting list; a
cancelled ticket is handed to the first in line inside the cancelling transaction, under the
same lock (fairs.services.visitor_places, D101).

Check-in: a scan is admitted only inside the fair's check-in window (from
FAIRS_CHECKIN_OPENS_BEFORE_MINUTES before it starts until it ends, judged at the moment of the
scan, D100). A scanned code is verified (signature) before any lookup; the registration row is
then locked so two gates scanning the same ticket at once yield one admission and one "already
checked in". Every scan is stored once under its device-chosen `scan_id`, so an offline batch
uploaded twice changes nothing the second time. Each scan runs in its own transaction
(a savepoint when nested): a bad scan never undoes the good ones around it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.workflow import transition
from fairs import tickets
from fairs.capacity import lock_for_update, race_window
from fairs.models import (
    LIVE_REGISTRATION_STATUSES,
    CheckIn,
    Fair,
    FairStatus,
    RefusalReason,
    RegistrationStatus,
    ScanResult,
    VisitorRegistration,
)
from fairs.services._common import require_fair_manager
from fairs.services.visitor_places import (
    REGISTRATION_LIFECYCLE,
    email_ticket,
    registration_changed,
    takes_visitors,
    waitlist_promote,
)
from marketplace.models import User

# Gates may scan while the fair is open, closed or running; each scan must also fall inside
# the fair's check-in window (checkin_window).
CHECKIN_FAIR_STATUSES = frozenset({FairStatus.OPEN, FairStatus.CLOSED, FairStatus.RUNNING})
MAX_BATCH = 500
# A device whose clock runs this far ahead is wrong; its scans would reorder who came first.
MAX_CLOCK_AHEAD = timedelta(minutes=10)


# --- registrations ---------------------------------------------------------------------------


def _check_open_for_visitors(fair: Fair, now: datetime) -> None:
    if not takes_visitors(fair, now):
        raise Conflict(
            _("This fair does not take visitor registrations."),
            errors={"fair": [_("Registration is possible while the fair is open or running.")]},
            code="registration_closed",
        )
    if now < fair.registration_opens_at:
        opens = timezone.localtime(fair.registration_opens_at)
        raise Conflict(
            _("Registration opens on %(when)s.") % {"when": f"{opens:%d/%m/%Y %H:%M}"},
            code="registration_not_open",
        )


def _places_taken(fair: Fair, actor: User) -> dict[str, int]:
    """Places taken, people waiting, and whether `actor` holds a ticket or waits, in one query
    (inside the lock every round trip is paid by the whole queue)."""
    active, waiting = Q(status=RegistrationStatus.ACTIVE), Q(status=RegistrationStatus.WAITING)
    return VisitorRegistration.objects.filter(
        fair=fair, status__in=LIVE_REGISTRATION_STATUSES
    ).aggregate(
        all=Count("id", filter=active),
        waiting=Count("id", filter=waiting),
        mine=Count("id", filter=active & Q(user=actor)),
        mine_waiting=Count("id", filter=waiting & Q(user=actor)),
    )


def _already_waiting() -> Conflict:
    return Conflict(
        _("You are already on this fair's waiting list."),
        errors={"waitlist": [_("Your ticket comes by e-mail when a place is freed.")]},
        code="already_waiting",
    )


def _decide(fair: Fair, taken: dict[str, int], *, waitlist: bool) -> str:
    """The status of a new registration: active, or waiting when the fair is full and the
    visitor asked to wait. Nobody passes the waiting list while someone is on it."""
    if taken["mine"]:
        raise Conflict(_("You already have a ticket for this fair."), code="already_registered")
    if taken["mine_waiting"]:
        raise _already_waiting()
    capacity = fair.visitor_capacity
    if capacity is None or (taken["all"] < capacity and not taken["waiting"]):
        return RegistrationStatus.ACTIVE
    if waitlist:
        return RegistrationStatus.WAITING
    raise Conflict(
        _(
            "This fair is full: all %(n)s visitor places are taken. It has a waiting list: "
            "register again with “waitlist”: true to join it."
        )
        % {"n": capacity},
        errors={
            "waitlist": [
                _("%(n)s people are waiting; places freed go to them in order.")
                % {"n": taken["waiting"]}
            ]
        },
        code="fair_full",
    )


@transaction.atomic
def registration_create(
    *,
    fair: Fair,
    actor: User,
    attendee_name: str = "",
    organization: str = "",
    phone: str = "",
    waitlist: bool = False,
) -> VisitorRegistration:
    """Register `actor` as a visitor of `fair` and issue the ticket. When the fair is full: with
    `waitlist`, a place on the waiting list (status `waiting`); without, 409 `fair_full`."""
    if not actor.is_authenticated:
        raise NotAllowed(_("Sign in to register."))
    # A first look without the lock turns away, cheaply, whoever is certainly refused (the fair
    # is closed or full, or the person already holds a ticket), so that in a rush only those who
    # may still get a place queue on the lock. A place freed a moment later is not missed for
    # long: the next request sees it. Nothing is decided here; the decision is below.
    _check_open_for_visitors(fair, timezone.now())
    _decide(fair, _places_taken(fair, actor), waitlist=waitlist)
    # The lock every registration of this fair queues on: count and insert are one decision.
    [fair] = lock_for_update(Fair.objects.filter(pk=fair.pk))
    now = timezone.now()
    _check_open_for_visitors(fair, now)
    taken = _places_taken(fair, actor)
    if taken["waiting"] and (fair.visitor_capacity is None or taken["all"] < fair.visitor_capacity):
        # Places free while people wait (a promotion was skipped): the line goes first.
        waitlist_promote(fair=fair, actor=None)
        taken = _places_taken(fair, actor)
    status = _decide(fair, taken, waitlist=waitlist)
    race_window()
    registration = VisitorRegistration(
        fair=fair,
        user=actor,
        token=tickets.token_new(),
        attendee_name=(attendee_name or actor.get_full_name()).strip()[:200],
        organization=organization.strip(),
        phone=phone.strip(),
        status=status,
        waitlisted_at=now if status == RegistrationStatus.WAITING else None,
    )
    try:
        registration.save()
    except IntegrityError as exc:
        # Only reachable when the lock is switched off (tests) and one person's requests race:
        # the constraint refuses the second registration and this transaction rolls back whole.
        raise Conflict(
            _("You already have a ticket for this fair."), code="already_registered"
        ) from exc
    waiting = status == RegistrationStatus.WAITING
    audit_record(
        actor=actor,
        action="fairs.registration.waitlisted" if waiting else "fairs.registration.created",
        target=registration,
        to_state=registration.status,
        data={"fair": fair.slug},
    )
    registration_changed(registration)
    if not waiting:
        email_ticket(registration, actor.email)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: VisitorRegistration, actor: User, reason: str = ""
) -> VisitorRegistration:
    """Cancel a ticket (its holder, or the fair's staff): the place goes at once to the first
    visitor on the waiting list, if any. Cancelling a waiting registration leaves the list."""
    if registration.user_id != actor.pk:
        require_fair_manager(actor, registration.fair)
    # Lock order: the fair (the lock registrations queue on), then the ticket, whose row a
    # gate's scan also locks: a ticket scanned a moment ago is used.
    [fair] = lock_for_update(Fair.objects.filter(pk=registration.fair_id))
    registration = VisitorRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.checked_in_at is not None:
        raise Conflict(
            _("This ticket was already used to enter the fair."), code="already_checked_in"
        )
    held_a_place = registration.status == RegistrationStatus.ACTIVE
    registration = transition(
        instance=registration,
        to=RegistrationStatus.CANCELLED,
        actor=actor,
        table=REGISTRATION_LIFECYCLE,
        action=f"fairs.registration.{'cancelled' if held_a_place else 'waitlist_left'}",
        reason=reason,
        changes={"cancelled_at": timezone.now(), "waitlisted_at": None},
    )
    registration_changed(registration)
    if held_a_place:
        waitlist_promote(fair=fair, actor=actor)
    return registration


def visitors_notify_fair_cancelled(*, fair: Fair) -> int:
    """E-mail every ticket holder and waiting visitor that the fair is cancelled, one message
    each (nobody sees another visitor's address), after commit. Call it in the cancelling
    transaction."""
    holders = (
        VisitorRegistration.objects.filter(fair=fair, status__in=LIVE_REGISTRATION_STATUSES)
        .order_by("id")
        .values_list("user__email", "status")
    )
    sent = 0
    for email, status in holders:
        if status == RegistrationStatus.WAITING:
            body = _(
                "The organizers cancelled “%(fair)s”; its waiting list is closed. Reason: "
                "%(reason)s"
            )
        else:
            body = _("The organizers cancelled “%(fair)s”; your ticket is void. Reason: %(reason)s")
        email_after_commit(
            recipients=[email],
            subject=_("Fair cancelled: %(fair)s") % {"fair": fair.name},
            body=body % {"fair": fair.name, "reason": fair.status_reason},
        )
        sent += 1
    return sent


# --- check-in --------------------------------------------------------------------------------


@dataclass
class ScanOutcome:
    """What a gate shows after a scan. `duplicate` means this very scan was received before."""

    scan: CheckIn
    duplicate: bool = False
    first_scan: dict[str, Any] | None = field(default=None)

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def registration(self) -> VisitorRegistration | None:
        return self.scan.registration


def _first_scan(registration: VisitorRegistration) -> dict[str, Any] | None:
    if registration.checked_in_at is None:
        return None
    by = registration.checked_in_by
    return {
        "at": registration.checked_in_at,
        "by": by.get_full_name() if by else "",
        "device": registration.checked_in_device,
    }


def _outcome_of(scan: CheckIn, *, duplicate: bool) -> ScanOutcome:
    registration = scan.registration
    first = _first_scan(registration) if registration is not None else None
    return ScanOutcome(scan=scan, duplicate=duplicate, first_scan=first)


def _existing_scan(scan_id: uuid.UUID) -> CheckIn | None:
    return (
        CheckIn.objects.select_related("registration", "registration__checked_in_by")
        .filter(scan_id=scan_id)
        .first()
    )


def checkin_window(fair: Fair) -> tuple[datetime, datetime]:
    """When the gates admit this fair's visitors: from FAIRS_CHECKIN_OPENS_BEFORE_MINUTES
    before it starts until it ends (D100)."""
    before = timedelta(minutes=settings.FAIRS_CHECKIN_OPENS_BEFORE_MINUTES)
    return fair.starts_at - before, fair.ends_at


def _scan_lookup(
    fair: Fair, code: str, *, scan: CheckIn, actor: User, offline: bool
) -> VisitorRegistration | None:
    """Inside the window: verify the code, find and lock its registration, decide the scan."""
    try:
        token = tickets.token_from_code(code)
    except tickets.TicketCodeInvalid:
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.INVALID_CODE
        return None
    registration = (
        VisitorRegistration.objects.select_for_update(of=("self",))
        .select_related("checked_in_by")
        .filter(token=token)
        .first()
    )
    if registration is None:
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.UNKNOWN_TICKET
    elif registration.fair_id != fair.pk:
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.WRONG_FAIR
        return None  # another fair's ticket: show nothing about it here
    elif registration.status == RegistrationStatus.CANCELLED:
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.CANCELLED
        scan.registration = registration
    elif registration.status == RegistrationStatus.WAITING:
        # A waiting visitor has no ticket yet (its code is never shown, but never trust that).
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.WAITING
        scan.registration = registration
    else:
        scan.registration = registration
        scan.result = _admit(registration, scan=scan, actor=actor, offline=offline)
    return registration


def _scan_one(
    *,
    fair: Fair,
    code: str,
    actor: User,
    device: str,
    scanned_at: datetime,
    scan_id: uuid.UUID,
    offline: bool,
) -> ScanOutcome:
    seen = _existing_scan(scan_id)
    if seen is not None:
        if seen.fair_id != fair.pk:
            # A device reusing an id across fairs: say nothing about the other fair's scan.
            other = CheckIn(
                scan_id=scan_id,
                fair=fair,
                result=ScanResult.REFUSED,
                refusal=RefusalReason.WRONG_FAIR,
                scanned_at=scanned_at,
                device=device[:100],
            )
            return ScanOutcome(scan=other, duplicate=True)
        return _outcome_of(seen, duplicate=True)
    scan = CheckIn(
        scan_id=scan_id, fair=fair, scanned_at=scanned_at, device=device[:100], scanned_by=actor
    )
    registration: VisitorRegistration | None = None
    opens, ends = checkin_window(fair)
    if scanned_at < opens:
        # Outside the window no ticket is looked at: the gate is not open yet, or no more.
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.NOT_OPEN
    elif scanned_at >= ends:
        scan.result, scan.refusal = ScanResult.REFUSED, RefusalReason.ENDED
    else:
        registration = _scan_lookup(fair, code, scan=scan, actor=actor, offline=offline)
    try:
        with transaction.atomic():
            scan.save()
    except IntegrityError:
        # The same scan_id arrived twice at the same moment (two uploads of one batch).
        seen = _existing_scan(scan_id)
        if seen is None:
            raise
        return _outcome_of(seen, duplicate=True)
    if scan.result == ScanResult.ADMITTED and registration is not None:
        registration.save(update_fields=["checked_in_at", "checked_in_by", "checked_in_device"])
        audit_record(
            actor=actor,
            action="fairs.registration.checked_in",
            target=registration,
            data={"scan_id": str(scan_id), "device": scan.device},
        )
    return _outcome_of(scan, duplicate=False)


def _admit(registration: VisitorRegistration, *, scan: CheckIn, actor: User, offline: bool) -> str:
    """Under the registration's lock: the first scan admits, later ones are repeats.

    Online scans are ordered by who got the lock first, so two gates scanning one ticket at
    once admit it once. An offline scan uploaded late that was made before the recorded first
    scan becomes the first (and that one a repeat), so the ticket shows when the person really
    came in; the gates had already decided offline, so no second admission is granted.
    """
    first_at = registration.checked_in_at
    if first_at is not None and (not offline or first_at <= scan.scanned_at):
        return ScanResult.REPEAT
    if first_at is not None:
        CheckIn.objects.filter(registration=registration, result=ScanResult.ADMITTED).update(
            result=ScanResult.REPEAT
        )
    registration.checked_in_at = scan.scanned_at
    registration.checked_in_by = actor
    registration.checked_in_device = scan.device
    registration_changed(registration)
    return ScanResult.ADMITTED


def _check_fair_admits(fair: Fair) -> None:
    if fair.status not in CHECKIN_FAIR_STATUSES:
        raise Conflict(
            _("Check-in is not possible for a fair that is %(status)s.")
            % {"status": fair.get_status_display()},
            code="checkin_closed",
        )


def checkin_scan(
    *,
    fair: Fair,
    code: str,
    actor: User,
    device: str = "",
    scanned_at: datetime | None = None,
    scan_id: uuid.UUID | None = None,
) -> ScanOutcome:
    """Record one scan at a gate and say what it means (admitted, repeat or refused).

    Refusals are outcomes, not exceptions: the refused scan is stored for the report and the
    caller decides how to show it.
    """
    require_fair_manager(actor, fair)
    _check_fair_admits(fair)
    with transaction.atomic():
        return _scan_one(
            fair=fair,
            code=code,
            actor=actor,
            device=device,
            scanned_at=scanned_at or timezone.now(),
            scan_id=scan_id or uuid.uuid4(),
            offline=False,
        )


@dataclass
class BatchOutcome:
    outcomes: list[ScanOutcome]

    def counts(self) -> dict[str, int]:
        counts = {"received": len(self.outcomes), "admitted": 0, "repeat": 0, "duplicate": 0}
        counts["refused"] = 0
        for outcome in self.outcomes:
            if outcome.duplicate:
                counts["duplicate"] += 1
            else:
                counts[outcome.result] += 1
        counts["accepted"] = counts["admitted"] + counts["repeat"]
        return counts


def checkin_batch(*, fair: Fair, scans: Iterable[Mapping[str, Any]], actor: User) -> BatchOutcome:
    """Upload scans made offline: [{scan_id, code, scanned_at, device}], in any order.

    Scans are applied in the order they were made, each in its own transaction, so the first
    entry of a ticket wins whichever device uploads first.
    """
    require_fair_manager(actor, fair)
    _check_fair_admits(fair)
    items = list(scans)
    if len(items) > MAX_BATCH:
        raise ValidationFailed(
            _("At most %(n)s scans per upload.") % {"n": MAX_BATCH},
            errors={"scans": [_("Split the upload into smaller batches.")]},
        )
    order = sorted(range(len(items)), key=lambda i: (items[i]["scanned_at"], i))
    results: list[ScanOutcome | None] = [None] * len(items)
    for i in order:
        item = items[i]
        with transaction.atomic():
            results[i] = _scan_one(
                fair=fair,
                code=item["code"],
                actor=actor,
                device=item.get("device", ""),
                scanned_at=item["scanned_at"],
                scan_id=item["scan_id"],
                offline=True,
            )
    return BatchOutcome(outcomes=[r for r in results if r is not None])
