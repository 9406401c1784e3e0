"""Which Celery queue each task runs on: the one table (D182).

Queues are grouped by what they must not wait behind. A burst of image renders (seconds of CPU
each) fills `media` only; search index updates and webhook deliveries, which partners and buyers
notice within a minute, have queues of their own, consumed by a worker that never renders
(docker-compose.yml: worker-realtime). A task missing here would run on `default`; the test
suite refuses that (tests/core/test_celery_routes.py), so a new task must be given a queue.
"""

from __future__ import annotations

DEFAULT = "default"
SEARCH = "search"
MEDIA = "media"
WEBHOOKS = "webhooks"
EMAIL = "email"
QUEUES = (DEFAULT, SEARCH, MEDIA, WEBHOOKS, EMAIL)

# Task name (as registered: several keep their old `marketplace.tasks.*` names) → queue.
TASK_QUEUES: dict[str, str] = {
    # Search: the outbox of index updates (D14).
    "search.tasks.search_index_dirty_task": SEARCH,
    "leads.tasks.leads_search_sync_task": SEARCH,
    # Pictures: renditions (CPU-heavy), and the catch-up that re-queues lost ones.
    "media.tasks.image_render_task": MEDIA,
    "media.tasks.image_render_catch_up_task": MEDIA,
    # Webhooks to partners: dispatch, one attempt per delivery, due retries.
    "marketplace.tasks.webhooks_dispatch_task": WEBHOOKS,
    "marketplace.tasks.webhook_deliver_task": WEBHOOKS,
    "marketplace.tasks.webhooks_retry_due_task": WEBHOOKS,
    # Mail: a slow or failing SMTP server must hold up nothing else.
    "marketplace.tasks.email_send_task": EMAIL,
    "leads.tasks.leads_digest_task": EMAIL,
    # Everything else: lifecycles by the clock, imports, housekeeping.
    "catalog.tasks.certificate_expire_due_task": DEFAULT,
    "catalog.tasks.listings_import_task": DEFAULT,
    "orders.tasks.payment_expire_due_task": DEFAULT,
    "marketplace.tasks.idempotency_records_purge_task": DEFAULT,
    "core.tasks.retention_run_task": DEFAULT,
    "leads.tasks.leads_expired_announce_task": DEFAULT,
    "traceability.tasks.trace_scans_flush_task": DEFAULT,
}


def task_routes() -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: `{task name: {"queue": name}}` from the table above."""
    unknown = set(TASK_QUEUES.values()) - set(QUEUES)
    if unknown:
        raise ValueError(f"tasks routed to undeclared queues: {sorted(unknown)}")
    return {name: {"queue": queue} for name, queue in TASK_QUEUES.items()}
