"""The moderators' queues: every app registers what of its own waits for a decision.

The exchange owns moderation, but what is moderated lives in the apps above it (products and
certificates in catalog; reviews and leads as they come). Each app registers its queues from its
`AppConfig.ready()`, so the queue endpoints list every kind without importing the apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class ModerationQueue:
    """`kind` names the queue in URLs and summaries ("products"); `pending` returns what waits;
    `waiting_since` is the field that orders it oldest first."""

    kind: str
    pending: Callable[[], QuerySet[Any]]
    waiting_since: str


_queues: dict[str, ModerationQueue] = {}


def moderation_queue_register(queue: ModerationQueue) -> None:
    _queues[queue.kind] = queue


def moderation_queues() -> list[ModerationQueue]:
    """The registered queues, in registration (app) order."""
    return list(_queues.values())


def moderation_queue_summary() -> dict[str, Any]:
    """How much waits in each queue, and since when."""
    summary: dict[str, Any] = {}
    for queue in moderation_queues():
        pending = queue.pending()
        oldest = pending.order_by(queue.waiting_since).values_list(queue.waiting_since, flat=True)
        first = oldest.first()
        summary[queue.kind] = {
            "pending": pending.count(),
            "oldest": first.isoformat() if first else None,
        }
    summary["as_of"] = timezone.now().isoformat()
    return summary
