"""The moderators' queues: every app registers what of its own waits for a decision.

The exchange owns moderation, but what is moderated lives in the apps above it (products,
certificates and awards in catalog; reviews and leads as they come). Each app registers its
queues from its `extensions.connect()`, so the queue endpoints list every kind without importing
the apps.

A queue that gives `describe` and `snapshot` also has a work list (D95): its entries, oldest
first, each with what the app says about it (`describe`) and what this module reads from the
audit log — who submitted it, the decision taken last time, and what changed since the last
approval. The last part needs the approved state: services record `snapshot(obj)` in the audit
row of every approval (`approval_data`), and the diff compares it with `snapshot(obj)` now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from core.models import AuditLog

# The key of the approved state in an audit row's `data`.
APPROVED = "approved"


@dataclass(frozen=True)
class ModerationQueue:
    """`kind` names the queue in URLs and summaries ("products"); `pending` returns what waits;
    `waiting_since` is the field that orders it oldest first; `approved_state` is the status an
    approval moves to ("published", "verified"). `describe(obj, request)` renders an entry's own
    part (id, title, url, storefront, details, attachments, actions); `snapshot(obj)` gives the
    reviewed fields as JSON values; `prepare` adds the joins and prefetches a page needs."""

    kind: str
    pending: Callable[[], QuerySet[Any]]
    waiting_since: str
    approved_state: str = ""
    describe: Callable[[Any, Any], dict[str, Any]] | None = None
    snapshot: Callable[[Any], dict[str, Any]] | None = None
    prepare: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda qs: qs)

    @property
    def has_work_list(self) -> bool:
        return self.describe is not None and self.snapshot is not None

    def oldest_first(self) -> QuerySet[Any]:
        """What waits, oldest first (the primary key breaks ties, so pages are stable)."""
        return self.prepare(self.pending()).order_by(
            F(self.waiting_since).asc(nulls_last=True), "pk"
        )


_queues: dict[str, ModerationQueue] = {}


def moderation_queue_register(queue: ModerationQueue) -> None:
    _queues[queue.kind] = queue


def moderation_queues() -> list[ModerationQueue]:
    """The registered queues, in registration (app) order."""
    return list(_queues.values())


def moderation_queue(kind: str) -> ModerationQueue | None:
    """The queue named `kind` if it has a work list."""
    queue = _queues.get(kind)
    return queue if queue is not None and queue.has_work_list else None


def moderation_queue_summary() -> dict[str, Any]:
    """How much waits in each queue, and since when (times in the current time zone)."""
    summary: dict[str, Any] = {}
    for queue in moderation_queues():
        pending = queue.pending()
        oldest = pending.order_by(queue.waiting_since).values_list(queue.waiting_since, flat=True)
        first = oldest.first()
        summary[queue.kind] = {
            "pending": pending.count(),
            "oldest": timezone.localtime(first).isoformat() if first else None,
        }
    summary["as_of"] = timezone.localtime().isoformat()
    return summary


def approval_data(snapshot: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The `data` of an approval's audit row: the approved state, for the next review's diff."""
    return {APPROVED: snapshot, **extra}


# --- what the audit log says about a page of entries ----------------------------------------


@dataclass
class History:
    """What the audit log knows of one waiting object."""

    submitted: AuditLog | None = None  # the latest move into the current (waiting) status
    previous_decision: AuditLog | None = None  # the latest move out of it before that
    approval: AuditLog | None = None  # the latest approval (or moderator's edit of approved)
    edited_since_approval: set[str] = field(default_factory=set)


def _histories(objects: list[Model], approved_state: str) -> dict[str, History]:
    """One query for the page: every audit row of its objects, walked oldest first."""
    if not objects:
        return {}
    target_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    rows = (
        AuditLog.objects.filter(target_type=target_type, target_id__in=[str(o.pk) for o in objects])
        .select_related("actor")
        .order_by("created_at", "id")
    )
    waiting = {str(o.pk): getattr(o, "status", "") for o in objects}
    histories = {key: History() for key in waiting}
    for row in rows:
        history, status = histories[row.target_id], waiting[row.target_id]
        if row.to_state and row.to_state == status:
            history.submitted = row
        elif row.from_state and row.from_state == status:
            history.previous_decision = row
        if (approved_state and row.to_state == approved_state) or APPROVED in (row.data or {}):
            history.approval = row
            history.edited_since_approval = set()
        elif history.approval is not None and isinstance((row.data or {}).get("fields"), list):
            history.edited_since_approval.update(row.data["fields"])
    return histories


def _changes(queue: ModerationQueue, obj: Model, history: History) -> dict[str, Any] | None:
    """What changed in the reviewed fields since the last approval; None if never approved."""
    if history.approval is None or queue.snapshot is None:
        return None
    now = queue.snapshot(obj)
    approved = (history.approval.data or {}).get(APPROVED)
    if isinstance(approved, dict):
        fields = [
            {"field": name, "before": approved.get(name), "after": value}
            for name, value in now.items()
            if approved.get(name) != value
        ]
        before_known = True
    else:  # approved before states were recorded: the names of the edited fields only
        fields = [
            {"field": name, "before": None, "after": value}
            for name, value in now.items()
            if name in history.edited_since_approval
        ]
        before_known = False
    return {"since": history.approval.created_at, "before_known": before_known, "fields": fields}


def _person(row: AuditLog | None) -> dict[str, Any] | None:
    if row is None or row.actor is None:
        return None
    return {"email": row.actor.email, "full_name": row.actor.full_name}


def moderation_entries(
    queue: ModerationQueue, objects: Iterable[Model], request: Any
) -> list[dict[str, Any]]:
    """The work list's entries for a page of `queue.oldest_first()` (datetimes as objects)."""
    objects = list(objects)
    if queue.describe is None:
        raise ValueError(f"the {queue.kind} queue has no work list")
    histories = _histories(objects, queue.approved_state)
    entries = []
    for obj in objects:
        history = histories[str(obj.pk)]
        decision = history.previous_decision
        entries.append(
            {
                "kind": queue.kind,
                **queue.describe(obj, request),
                "status": getattr(obj, "status", ""),
                "waiting_since": getattr(obj, queue.waiting_since),
                "submitted_by": _person(history.submitted),
                "previous_decision": None
                if decision is None
                else {
                    "status": decision.to_state,
                    "reason": decision.reason,
                    "at": decision.created_at,
                    "by": _person(decision),
                },
                "changes": _changes(queue, obj, history),
            }
        )
    return entries
