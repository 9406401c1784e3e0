"""Catalogue background jobs."""

from celery import shared_task

from catalog.services import certificate_expire_due


@shared_task
def certificate_expire_due_task() -> int:
    """Daily (run hourly so a missed run catches up): mark due certificates expired."""
    return certificate_expire_due()
