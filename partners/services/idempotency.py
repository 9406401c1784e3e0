"""Forgetting stored Idempotency-Key responses (core.api.idempotency stores them, D63); the
retention job runs it hourly (partners/services/retention.py, D184)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from partners.services.retention import idempotency_records_prune


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Deletes records older than IDEMPOTENCY_KEY_TTL_HOURS, in batches; returns how many."""
    return idempotency_records_prune(now or timezone.now(), max(1, settings.RETENTION_BATCH_SIZE))
