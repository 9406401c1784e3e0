"""Background jobs every app uses: notification e-mail, and the retention run."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from core.retention import retention_run


# The name it had in `marketplace.tasks`, so messages queued before an upgrade still run.
@shared_task(
    name="marketplace.tasks.email_send_task",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def email_send_task(recipients: list[str], subject: str, body: str) -> int:
    """Send one plain-text message. Retries only transient (network) failures."""
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(name="core.tasks.retention_run_task", ignore_result=True)
def retention_run_task() -> dict[str, int]:
    """Hourly: prune and archive by the retention settings (core/retention.py, D184)."""
    return retention_run()
