"""Periodic work of traceability: scan counters into the stored days (D169)."""

from __future__ import annotations

from celery import shared_task

from traceability.scans import scans_flush


@shared_task
def trace_scans_flush_task() -> int:
    return scans_flush()
