"""The partners app's figures for /metrics (D177): the webhook backlog and failures, and the
size of the tables that grow with partner traffic (idempotency records, change feed,
deliveries)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from core.observability.metrics import PREFIX, gauge, table_rows_family
from partners.models import (
    Change,
    DeliveryStatus,
    IdempotencyRecord,
    WebhookDelivery,
    WebhookSubscription,
)

_WAITING = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def partners_metrics() -> Iterator[Any]:
    now = timezone.now()
    backlog = GaugeMetricFamily(
        f"{PREFIX}_webhook_deliveries_waiting",
        "Webhook deliveries not yet delivered: pending (first try) or failed (will retry).",
        labels=["status"],
    )
    counts = dict(
        WebhookDelivery.objects.filter(status__in=_WAITING)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for status in _WAITING:
        backlog.add_metric([status.value], counts.get(status, 0))
    yield backlog
    # The (status, next_attempt_at) index answers this without reading the rows.
    oldest_due = WebhookDelivery.objects.filter(
        status__in=_WAITING, next_attempt_at__lte=now
    ).aggregate(at=Min("next_attempt_at"))["at"]
    overdue = (now - oldest_due).total_seconds() if oldest_due is not None else 0.0
    yield gauge(
        "webhook_oldest_due_seconds",
        "How long the most overdue webhook attempt has been due (0: none is due).",
        max(overdue, 0.0),
    )
    subs = WebhookSubscription.objects.aggregate(
        failing=Count("id", filter=Q(is_active=True, failing_since__isnull=False)),
        disabled=Count("id", filter=Q(is_active=False)),
    )
    yield gauge(
        "webhook_subscriptions_failing",
        "Active webhook subscriptions whose last attempt failed.",
        subs["failing"],
    )
    yield gauge(
        "webhook_subscriptions_disabled",
        "Webhook subscriptions switched off (by their partner, or after failing too long).",
        subs["disabled"],
    )
    yield gauge(
        "webhook_deliveries_given_up",
        "Webhook deliveries given up after the retry window (kept until pruned).",
        WebhookDelivery.objects.filter(status=DeliveryStatus.GIVEN_UP).count(),
    )
    yield table_rows_family(
        {
            "idempotency_records": IdempotencyRecord,
            "change_feed": Change,
            "webhook_deliveries": WebhookDelivery,
        }
    )
