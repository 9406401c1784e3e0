"""Writing the audit log. Called inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditLog

# Whoever acts: a signed-in person, or nobody (the system, a partner key, a management command).
Actor = AbstractBaseUser | AnonymousUser


def audit_entry(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """An unsaved entry: for audit_record, or several at once for audit_record_many."""
    return AuditLog(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    entry = audit_entry(
        actor=actor,
        action=action,
        target=target,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )
    entry.save()
    return entry


def audit_record_many(entries: Sequence[AuditLog]) -> list[AuditLog]:
    """Write entries made by audit_entry in one INSERT (a checkout's orders, D217)."""
    return AuditLog.objects.bulk_create(entries) if entries else []
