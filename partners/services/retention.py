"""Retention of the partners app's tables (D183, D184), run by core.retention's hourly job.

The change feed is compacted rather than cut: a change older than FEED_RETENTION_DAYS goes when
a newer change of the same object exists (nobody loses anything: every reader meets the newer
one); an object's last change goes only when it is older than that and the object is no longer
public (a tombstone) or of a kind the feed never serves (webhook-only: applications,
registrations, orders). So the feed from its start always holds the latest change of every
public object: a snapshot. Dropping a tombstone is the one loss; its position is remembered
(ChangeFeedHorizon) and a cursor at or before it gets 410 `cursor_expired` (D183).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from core.retention import days_ago, delete_in_batches
from partners.models import (
    Change,
    ChangeFeedHorizon,
    DeliveryStatus,
    IdempotencyRecord,
    WebhookDelivery,
    WebhookDispatchState,
)
from partners.selectors.feed import FEED_KINDS, feed_public_objects


def _old_changes(cutoff: datetime) -> QuerySet[Change]:
    """Changes older than `cutoff` that the webhook dispatcher has passed already."""
    state = WebhookDispatchState.objects.filter(key="default").first()
    high_water = state.high_water if state is not None else 0
    return Change.objects.filter(at__lt=cutoff, id__lte=high_water)


def _newer_of_same_object() -> Exists:
    return Exists(
        Change.objects.filter(
            kind=OuterRef("kind"), object_id=OuterRef("object_id"), id__gt=OuterRef("id")
        )
    )


def _horizon_move(changes: list[Change]) -> None:
    last = max(changes, key=lambda c: (c.txid, c.id))
    horizon, _ = ChangeFeedHorizon.objects.select_for_update().get_or_create(key="default")
    if (last.txid, last.id) > (horizon.txid, horizon.change_id):
        horizon.txid, horizon.change_id, horizon.at = last.txid, last.id, last.at
        horizon.save()


def feed_changes_prune(now: datetime, batch_size: int) -> int:
    cutoff = days_ago(now, settings.FEED_RETENTION_DAYS)
    if cutoff is None:
        return 0
    old = _old_changes(cutoff)
    removed = delete_in_batches(old.filter(_newer_of_same_object()), batch_size=batch_size)
    # The last change of each object: only tombstones and webhook-only kinds go.
    last_word = old.exclude(_newer_of_same_object()).order_by("id")
    after = 0
    while True:
        batch = list(last_word.filter(id__gt=after)[:batch_size])
        if not batch:
            break
        after = batch[-1].id
        public = feed_public_objects([c for c in batch if c.kind in FEED_KINDS])
        gone = [c for c in batch if (c.kind, c.object_id) not in public]
        tombstones = [c for c in gone if c.kind in FEED_KINDS]
        if gone:
            with transaction.atomic():
                if tombstones:
                    _horizon_move(tombstones)
                Change.objects.filter(id__in=[c.id for c in gone]).delete()
            removed += len(gone)
        if len(batch) < batch_size:
            break
    return removed


def webhook_deliveries_prune(now: datetime, batch_size: int) -> int:
    """Delivery log rows that are finished (succeeded or given up) and older than
    WEBHOOK_DELIVERY_RETENTION_DAYS; pending and failing ones stay whatever their age."""
    cutoff = days_ago(now, settings.WEBHOOK_DELIVERY_RETENTION_DAYS)
    if cutoff is None:
        return 0
    finished = WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.GIVEN_UP], created_at__lt=cutoff
    )
    return delete_in_batches(finished, batch_size=batch_size)


def idempotency_records_prune(now: datetime, batch_size: int) -> int:
    """Stored Idempotency-Key responses past IDEMPOTENCY_KEY_TTL_HOURS."""
    cutoff = now - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    return delete_in_batches(
        IdempotencyRecord.objects.filter(created_at__lt=cutoff), batch_size=batch_size
    )
