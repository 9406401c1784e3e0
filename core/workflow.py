"""State machines as data: one `transition()` for every audited lifecycle.

A lifecycle is a mapping {from_status: {to_status, ...}}. `transition()` must run inside a
transaction: it re-reads the row with a lock, checks the move against the table, applies the
change and writes the audit row, so two moderators clicking at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from core.audit import Actor, audit_record
from core.errors import TransitionError, ValidationFailed

M = TypeVar("M", bound=models.Model)
Lifecycle = Mapping[str, frozenset[str]]


def lifecycle(table: Mapping[str, set[str] | frozenset[str]]) -> Lifecycle:
    return {src: frozenset(dst) for src, dst in table.items()}


def transition(
    *,
    instance: M,
    to: str,
    actor: Actor | None,
    table: Lifecycle,
    action: str,
    reason: str = "",
    reason_required: bool = False,
    changes: Mapping[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    only_from: frozenset[str] | set[str] | None = None,
) -> M:
    """Move `instance` to status `to`. `only_from` narrows the table for one action (e.g.
    "submit" starts only from draft or rejected, although published → pending_review exists
    for edits)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside transaction.atomic()")
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise ValidationFailed(
            _("Give a reason."), errors={"reason": [_("A reason is required for this decision.")]}
        )
    model = type(instance)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    current = locked.status  # type: ignore[attr-defined]
    if to not in table.get(current, frozenset()) or (
        only_from is not None and current not in only_from
    ):
        raise TransitionError(
            _("Cannot change status from “%(from)s” to “%(to)s”.") % {"from": current, "to": to},
            errors={
                "status": [
                    _("Allowed from “%(from)s”: %(allowed)s.")
                    % {
                        "from": current,
                        "allowed": ", ".join(sorted(table.get(current, ()))) or "—",
                    }
                ]
            },
        )
    locked.status = to  # type: ignore[attr-defined]
    if hasattr(locked, "status_reason"):
        locked.status_reason = reason
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
    locked.save()
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        from_state=current,
        to_state=to,
        reason=reason,
        data=data,
    )
    return locked
