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


# Periodic tasks (Celery beat): entry name → task and period in seconds.
BEAT: dict[str, tuple[str, int]] = {
    # Webhooks: dispatch changes a missed after-commit run left behind; send due retries.
    "webhooks-dispatch": ("marketplace.tasks.webhooks_dispatch_task", 60),
    "webhooks-retry-due": ("marketplace.tasks.webhooks_retry_due_task", 60),
    # Hourly, so the status column follows the date just after local midnight; reads never
    # depend on it (they compare the expiry date with today themselves).
    "certificates-expire-due": ("catalog.tasks.certificate_expire_due_task", 60 * 60),
    # Catch up search index updates a failed or missed run left queued (search.IndexQueue).
    "search-index-dirty": ("search.tasks.search_index_dirty_task", 60),
    # Re-queue pictures still "processing" (the broker was down when they were uploaded).
    "media-render-catch-up": ("media.tasks.image_render_catch_up_task", 600),
    # Retention (D184): change feed, webhook log, Idempotency-Key responses, sessions, JWTs,
    # the audit log (archived first); each job deletes in short batches.
    "retention": ("core.tasks.retention_run_task", 60 * 60),
    # Unpaid online payments expire and return their stock (ORDER_PAYMENT_TIMEOUT_MINUTES).
    "orders-payments-expire": ("orders.tasks.payment_expire_due_task", 60),
    # The daily digest of matching buy leads: hourly, each storefront at most one a day (D148).
    "leads-digest": ("leads.tasks.leads_digest_task", 60 * 60),
    "leads-expired-announce": ("leads.tasks.leads_expired_announce_task", 15 * 60),
    "leads-search-sync": ("leads.tasks.leads_search_sync_task", 15 * 60),
    # Scans of trace URLs are counted in the cache and added to the stored days (D169).
    "trace-scans-flush": ("traceability.tasks.trace_scans_flush_task", 5 * 60),
}


def beat_schedule() -> dict[str, dict[str, object]]:
    """CELERY_BEAT_SCHEDULE from the table above."""
    return {name: {"task": task, "schedule": period} for name, (task, period) in BEAT.items()}


def task_routes() -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: `{task name: {"queue": name}}` from the table above."""
    unknown = set(TASK_QUEUES.values()) - set(QUEUES)
    if unknown:
        raise ValueError(f"tasks routed to undeclared queues: {sorted(unknown)}")
    return {name: {"queue": queue} for name, queue in TASK_QUEUES.items()}
