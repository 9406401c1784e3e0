"""Booths of a booth type: how many are held, the lock every capacity decision takes, whether
more fit, the waiting line, and booth numbers.

Capacity (D31): every decision that can hold or free booths of a booth type runs in one
transaction that first locks that BoothType row (`booth_type_lock`), recounts the booths held,
decides, and writes. Lock order is always booth type, then application.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict
from fairs.capacity import lock_for_update
from fairs.models import (
    HOLDING_STATUSES,
    ApplicationStatus,
    BoothType,
    ExhibitorApplication,
)
from fairs.services._common import require_fair_manager
from fairs.services.exhibitors.notifications import application_changed
from marketplace.models import User


def booths_held(booth_type: BoothType) -> int:
    """Booths of this type held by approved, confirmed or checked-in applications."""
    total = ExhibitorApplication.objects.filter(
        booth_type=booth_type, status__in=HOLDING_STATUSES
    ).aggregate(n=Sum("quantity"))["n"]
    return int(total or 0)


def booth_type_lock(booth_type_id: int) -> BoothType:
    [booth_type] = lock_for_update(BoothType.objects.filter(pk=booth_type_id))
    return booth_type


def waitlist_queue(booth_type: BoothType) -> QuerySet[ExhibitorApplication]:
    """Waiting applications of this booth type, first in line first."""
    return ExhibitorApplication.objects.filter(
        booth_type=booth_type, status=ApplicationStatus.WAITLISTED
    ).order_by("waitlisted_at", "id")


def booths_fit(booth_type: BoothType, quantity: int) -> bool:
    """Under the booth type's lock: do `quantity` more booths fit?"""
    return booths_held(booth_type) + quantity <= booth_type.count


@transaction.atomic
def application_assign_booth(
    *, application: ExhibitorApplication, actor: User, booth_number: str
) -> ExhibitorApplication:
    """Give the application its booth number(s), unique within the fair; "" clears it."""
    require_fair_manager(actor, application.fair)
    booth_number = (booth_number or "").strip()
    locked = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in HOLDING_STATUSES:
        raise Conflict(
            _("Only an application that holds booths gets a booth number."),
            errors={"status": [locked.get_status_display()]},
        )
    holder = (
        ExhibitorApplication.objects.filter(fair_id=locked.fair_id, booth_number=booth_number)
        .exclude(pk=locked.pk)
        .select_related("vendor")
        .first()
        if booth_number
        else None
    )
    if holder is not None:
        raise Conflict(
            _("Booth %(number)s is already assigned to %(vendor)s.")
            % {"number": booth_number, "vendor": holder.vendor.display_name},
            errors={"booth_number": [_("Choose another booth number.")]},
            code="booth_number_taken",
        )
    before = locked.booth_number
    locked.booth_number = booth_number
    try:
        with transaction.atomic():
            locked.save(update_fields=["booth_number", "updated_at"])
    except IntegrityError as exc:  # a concurrent assignment took it between check and save
        raise Conflict(
            _("Booth %(number)s was just assigned to another exhibitor.")
            % {"number": booth_number},
            errors={"booth_number": [_("Choose another booth number.")]},
            code="booth_number_taken",
        ) from exc
    audit_record(
        actor=actor,
        action="fairs.application.booth_assigned",
        target=locked,
        data={"before": before, "after": booth_number},
    )
    application_changed(locked)
    return locked
