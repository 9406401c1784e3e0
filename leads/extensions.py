"""What trade leads plug into the exchange's extension points: the moderators' work list of
leads, the figures on leads, and the database backends' lead search (D167). `connect()` runs
from LeadsConfig.ready()."""

from __future__ import annotations

from leads.api.moderation import lead_entry
from leads.models import Lead, LeadStatus
from leads.search import lead_search_database
from leads.selectors import (
    lead_moderation_prepare,
    lead_review_snapshot,
    stats_leads_for_moderators,
)
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register
from search.leads import lead_database_search_register


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
    lead_database_search_register(lead_search_database)
