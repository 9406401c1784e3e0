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
