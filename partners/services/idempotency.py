"""Forgetting stored Idempotency-Key responses (core.api.idempotency stores them, D63)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from partners.models import IdempotencyRecord


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Deletes records older than IDEMPOTENCY_KEY_TTL_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
