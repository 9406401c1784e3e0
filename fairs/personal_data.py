"""What fairs keep about a visitor, for export and erasure (D142): their tickets (visitor
registrations). Erasing anonymises the name, organisation and phone on each ticket and keeps
the rows (a fair's attendance figures and check-in log count them); a live ticket of an
erased account no longer admits anyone, since only its holder could show it."""

from __future__ import annotations

from typing import Any

from core.personal_data import ERASED, PersonalData
from fairs.models import VisitorRegistration
from marketplace.models import User


def tickets_export(user: User) -> list[dict[str, Any]]:
    rows = (
        VisitorRegistration.objects.filter(user_id=user.pk)
        .select_related("fair")
        .order_by("created_at", "id")
    )
    return [
        {
            "fair": r.fair.slug,
            "fair_name": r.fair.name,
            "attendee_name": r.attendee_name,
            "organization": r.organization,
            "phone": r.phone,
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        }
        for r in rows
    ]


def tickets_erase(user: User) -> None:
    VisitorRegistration.objects.filter(user_id=user.pk).update(
        attendee_name=ERASED, organization="", phone=""
    )


SECTIONS = (PersonalData("tickets", tickets_export, tickets_erase),)
