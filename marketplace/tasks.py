"""Background jobs of the exchange: notification e-mail."""

from __future__ import annotations

from celery import shared_task


@shared_task
def idempotency_records_purge_task() -> int:
    """Hourly: forget stored Idempotency-Key responses past IDEMPOTENCY_KEY_TTL_HOURS."""
    from marketplace.api.idempotency import idempotency_records_purge

    return idempotency_records_purge()


@shared_task(ignore_result=True)
def webhook_deliver_task(delivery_id: int) -> str | None:
    """One attempt at one webhook delivery; a no-op when it is done, not due, or switched off.
    Failures are not Celery retries: the delivery row holds the schedule (backoff, window)."""
    from marketplace.services.webhooks import webhook_deliver

    return webhook_deliver(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def webhooks_dispatch_task() -> int:
    """Every minute: create deliveries for changes no after-commit run dispatched."""
    from marketplace.services.webhooks import webhooks_dispatch_pending

    return webhooks_dispatch_pending(max_batches=50)


@shared_task(ignore_result=True)
def webhooks_retry_due_task() -> int:
    """Every minute: queue webhook deliveries whose next attempt is due."""
    from marketplace.services.webhooks import webhooks_retry_due

    return webhooks_retry_due()
