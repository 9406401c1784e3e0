"""Background jobs of the exchange: notification e-mail."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def email_send_task(recipients: list[str], subject: str, body: str) -> int:
    """Send one plain-text message. Retries only transient (network) failures."""
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


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
