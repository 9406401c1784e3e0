"""What trade leads plug into the exchange's extension points: the moderators' work list of
leads and the figures on leads. `connect()` runs from LeadsConfig.ready()."""

from __future__ import annotations

from leads.api.moderation import lead_entry
from leads.models import Lead, LeadStatus
from leads.selectors import (
    lead_moderation_prepare,
    lead_review_snapshot,
    stats_leads_for_moderators,
)
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="leads",
            pending=lambda: Lead.objects.filter(status=LeadStatus.PENDING),
            waiting_since="submitted_at",
            approved_state=LeadStatus.PUBLISHED,
            describe=lead_entry,
            snapshot=lead_review_snapshot,
            prepare=lead_moderation_prepare,
        )
    )
    stats_register(moderation=stats_leads_for_moderators)
