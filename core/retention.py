"""Retention: periodic pruning and archiving of tables that would otherwise grow forever (D184).

Apps register jobs at start-up (`retention_register`, in their `extensions.connect()`); one beat
task (`core.tasks.retention_run_task`) runs them all. Every job deletes through
`delete_in_batches`: it picks the next `RETENTION_BATCH_SIZE` primary keys, oldest first, and
deletes that key range (with the job's conditions again) in one short transaction of its own,
so no hot table is locked for long and a run stopped anywhere leaves only finished batches.

The audit log is registered here: rows older than AUDIT_RETENTION_DAYS are written to a gzip
JSON-lines file in the private media storage first and deleted only after the file is stored.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

AUDIT_ARCHIVE_DIR = "archive/audit"


@dataclass(frozen=True)
class RetentionJob:
    name: str
    # (now, batch size) -> rows removed. Must be safe to run again at any time.
    run: Callable[[datetime, int], int]


_JOBS: dict[str, RetentionJob] = {}


def retention_register(name: str, run: Callable[[datetime, int], int]) -> None:
    _JOBS[name] = RetentionJob(name=name, run=run)


def retention_jobs() -> list[RetentionJob]:
    return [_JOBS[name] for name in sorted(_JOBS)]


def retention_run(*, now: datetime | None = None, only: set[str] | None = None) -> dict[str, int]:
    """Run every registered job (or those named in `only`); rows removed per job. A failing job
    is logged and the others still run."""
    now = now or timezone.now()
    batch = max(1, settings.RETENTION_BATCH_SIZE)
    done: dict[str, int] = {}
    for job in retention_jobs():
        if only is not None and job.name not in only:
            continue
        try:
            done[job.name] = job.run(now, batch)
        except Exception:
            log.exception("retention job %s failed", job.name)
            done[job.name] = -1
    return done


def delete_in_batches(
    queryset: models.QuerySet[Any],
    *,
    batch_size: int,
    before_delete: Callable[[models.QuerySet[Any]], object] | None = None,
) -> int:
    """Delete the rows of `queryset` a primary-key range at a time; returns how many rows of its
    model went. `before_delete(batch)` runs first for each range, outside the delete's
    transaction (archiving: a failure there deletes nothing)."""
    model = queryset.model
    label = model._meta.label
    total = 0
    last: Any = None
    while True:
        pending = queryset if last is None else queryset.filter(pk__gt=last)
        keys = list(pending.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not keys:
            break
        batch = queryset.filter(pk__gte=keys[0], pk__lte=keys[-1])
        if before_delete is not None:
            before_delete(batch)
        with transaction.atomic():
            _count, per_model = batch.delete()
        total += per_model.get(label, 0)
        last = keys[-1]
        if len(keys) < batch_size:
            break
    return total


def days_ago(now: datetime, days: int) -> datetime | None:
    """The cut-off `days` before `now`, or None when `days` is 0 (keep forever)."""
    return now - timedelta(days=days) if days > 0 else None


# --- the audit log ------------------------------------------------------------------------------


def _audit_line(row: Any) -> str:
    return json.dumps(
        {
            "id": row.pk,
            "created_at": row.created_at.isoformat(),
            "actor_id": row.actor_id,
            "action": row.action,
            "target_type": f"{row.target_type.app_label}.{row.target_type.model}",
            "target_id": row.target_id,
            "target_repr": row.target_repr,
            "from_state": row.from_state,
            "to_state": row.to_state,
            "reason": row.reason,
            "data": row.data,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def audit_archive(batch: models.QuerySet[Any]) -> str:
    """Store these audit rows as one gzip JSON-lines file in the private storage; its name."""
    rows = list(batch.select_related("target_type").order_by("pk"))
    text = "".join(_audit_line(row) + "\n" for row in rows)
    first, last = rows[0], rows[-1]
    name = (
        f"{AUDIT_ARCHIVE_DIR}/{first.created_at:%Y}/"
        f"auditlog-{first.pk:012d}-{last.pk:012d}.jsonl.gz"
    )
    stored = storages["media_private"].save(name, ContentFile(gzip.compress(text.encode())))
    log.info("archived %d audit rows to %s", len(rows), stored)
    return stored


def audit_log_archive_old(now: datetime, batch_size: int) -> int:
    cutoff = days_ago(now, settings.AUDIT_RETENTION_DAYS)
    if cutoff is None:
        return 0
    # By name: this module is imported before the models are ready (core/extensions.py).
    audit_log = apps.get_model("core", "AuditLog")
    return delete_in_batches(
        audit_log.objects.filter(created_at__lt=cutoff),
        batch_size=batch_size,
        before_delete=audit_archive,
    )
