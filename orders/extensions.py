"""What buying plugs into the exchange's extension points: its figures for moderators and
the escalated complaints' work list.
`connect()` runs from OrdersConfig.ready()."""

from __future__ import annotations

from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register
from orders.api.complaints import complaint_entry, complaint_snapshot
from orders.models import Complaint, ComplaintStatus
from orders.selectors import inquiry_counts_by_status


def connect() -> None:
    stats_register(moderation=inquiry_counts_by_status)
    # An escalated complaint waits for a moderator's decision (D132).
    moderation_queue_register(
        ModerationQueue(
            kind="complaints",
            pending=lambda: Complaint.objects.filter(status=ComplaintStatus.ESCALATED),
            waiting_since="escalated_at",
            describe=complaint_entry,
            snapshot=complaint_snapshot,
            prepare=lambda qs: qs.select_related("order__vendor").prefetch_related(
                "messages__author"
            ),
        )
    )
