"""Background jobs of buying."""

from __future__ import annotations

from celery import shared_task

from orders.services.gateway import payment_expire_due


@shared_task(name="orders.tasks.payment_expire_due_task")
def payment_expire_due_task() -> int:
    """Every minute: cancel orders whose online payment was not made in time."""
    return payment_expire_due()
