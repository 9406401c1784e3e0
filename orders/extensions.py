"""What buying plugs into the exchange's extension points: its figures for moderators, the
`reviews` and escalated complaints' work lists, and what it keeps about a buyer (export and
erasure). `connect()` runs from OrdersConfig.ready()."""

from __future__ import annotations

from core.personal_data import personal_data_register
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register
from orders.api.complaints import complaint_entry, complaint_snapshot
from orders.api.reviews import review_entry, review_moderation_prepare, review_snapshot
from orders.models import Complaint, ComplaintStatus, Review
from orders.personal_data import SECTIONS
from orders.selectors import inquiry_counts_by_status
from orders.stats import order_stats_for_moderators


def connect() -> None:
    stats_register(moderation=inquiry_counts_by_status)
    moderation_queue_register(
        ModerationQueue(
            kind="reviews",  # held (REVIEWS_PUBLISH_AT_ONCE false) or reported reviews (D137)
            pending=lambda: Review.objects.filter(flagged_at__isnull=False),
            waiting_since="flagged_at",
            approved_state="published",
            describe=review_entry,
            snapshot=review_snapshot,
            prepare=review_moderation_prepare,
        )
    )
    stats_register(moderation=order_stats_for_moderators)
    for section in SECTIONS:
        personal_data_register(section)
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
