"""Periodic work of trade leads: the daily digest of matching buy leads (D148)."""

from __future__ import annotations

from celery import shared_task

from leads.services.digest import leads_digest_send


@shared_task
def leads_digest_task() -> int:
    return leads_digest_send()
