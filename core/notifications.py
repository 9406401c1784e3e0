"""Queue e-mail after the surrounding transaction commits, never before."""

from __future__ import annotations

from django.db import transaction

from core.tasks import email_send_task


def email_after_commit(*, recipients: list[str], subject: str, body: str) -> None:
    recipients = sorted({r for r in recipients if r})
    if recipients:
        transaction.on_commit(lambda: email_send_task.delay(recipients, subject, body))
