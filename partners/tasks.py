"""Background jobs of the partners app: webhook dispatch, delivery and retries, and the
clean-up of stored Idempotency-Key responses.

Every task keeps the name it had in `marketplace.tasks`, so the beat schedule and messages
queued before an upgrade still find it. The two tasks the webhook services queue themselves are
defined beside those services (no import circle); they are imported here so this module lists
every task of the app.
"""

from __future__ import annotations

from celery import shared_task

from partners.services.idempotency import idempotency_records_purge
from partners.services.webhooks.delivery import webhook_deliver_task, webhooks_retry_due
from partners.services.webhooks.dispatch import webhooks_dispatch_task

__all__ = [
    "idempotency_records_purge_task",
    "webhook_deliver_task",
    "webhooks_dispatch_task",
    "webhooks_retry_due_task",
]


@shared_task(name="marketplace.tasks.idempotency_records_purge_task")
def idempotency_records_purge_task() -> int:
    """Hourly: forget stored Idempotency-Key responses past IDEMPOTENCY_KEY_TTL_HOURS."""
    return idempotency_records_purge()


@shared_task(name="marketplace.tasks.webhooks_retry_due_task", ignore_result=True)
def webhooks_retry_due_task() -> int:
    """Every minute: queue webhook deliveries whose next attempt is due."""
    return webhooks_retry_due()
