"""What the ground floor connects at start-up: any committed write of a model starts a new
generation of the public answers kept by core.api.response_cache (D89); the request id follows
tasks, database queries are counted and core's own figures join /metrics (D176, D177).
`connect()` runs from CoreConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.api import response_cache
from core.observability import metrics, tasks
from core.retention import audit_log_archive_old, retention_register
from core.signals import bulk_loaded


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(response_cache.on_write, dispatch_uid=f"response-cache-{name}")
    bulk_loaded.connect(response_cache.on_bulk_load, dispatch_uid="response-cache-bulk")
    tasks.connect()
    metrics.db_query_counting_install()
    metrics.metrics_collector_register("core", metrics.core_metrics)
    metrics.metrics_collector_register("celery", metrics.celery_metrics)
    retention_register("audit-log", audit_log_archive_old)
