"""Periodic work of trade leads: the daily digest of matching buy leads (D148) and telling
partners which leads expired (D165)."""

from __future__ import annotations

from celery import shared_task

from leads.search import leads_search_sync_all
from leads.services.digest import leads_digest_send
from leads.services.leads import leads_expired_announce


@shared_task
def leads_digest_task() -> int:
    return leads_digest_send()


@shared_task
def leads_expired_announce_task() -> int:
    return leads_expired_announce()


@shared_task
def leads_search_sync_task() -> int:
    """Every public lead written to the search backend again (D167)."""
    return leads_search_sync_all()
