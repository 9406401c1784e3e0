"""Search's figures for /metrics (D177): how far the index is behind the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from core.observability.metrics import gauge
from search.models import IndexQueue


def search_metrics() -> Iterator[Any]:
    """Queued index updates (search.IndexQueue), those that failed at least once, and the age
    of the oldest: the search index lag an alert watches."""
    queue = IndexQueue.objects.aggregate(
        waiting=Count("id"), failing=Count("id", filter=Q(attempts__gt=0)), oldest=Min("queued_at")
    )
    oldest = queue["oldest"]
    lag = (timezone.now() - oldest).total_seconds() if oldest is not None else 0.0
    yield gauge(
        "search_index_queue_length", "Index updates queued (search.IndexQueue).", queue["waiting"]
    )
    yield gauge(
        "search_index_queue_failing",
        "Queued index updates the backend refused at least once.",
        queue["failing"],
    )
    yield gauge(
        "search_index_lag_seconds",
        "Age of the oldest queued index update: how long a change may wait to be searchable.",
        max(lag, 0.0),
    )
