"""Webhook delivery: one signed POST per attempt, retried with backoff, given up after the
retry window; a subscription that keeps failing (or answers 410) is switched off (D74).

`webhook_deliver_task` is queued by this package's services (after commit), so it is defined
here beside them; `partners.tasks` lists it for Celery.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.notifications import email_after_commit
from core.observability.logs import REQUEST_ID_HEADER, request_id
from marketplace.models import User
from partners.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from partners.services.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    standard_headers,
    webhook_signature,
)
from partners.services.webhooks.subscriptions import webhook_audit
from partners.services.webhooks.transport import PostResult, webhook_post

BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 60 * 60


# The name it had in `marketplace.tasks`, so messages queued before an upgrade still run.
@shared_task(name="marketplace.tasks.webhook_deliver_task", ignore_result=True)
def webhook_deliver_task(delivery_id: int) -> str | None:
    """One attempt at one webhook delivery; a no-op when it is done, not due, or switched off.
    Failures are not Celery retries: the delivery row holds the schedule (backoff, window)."""
    return webhook_deliver(delivery_id=delivery_id)


def deliveries_queue_after_commit(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return

    def queue() -> None:
        for pk in delivery_ids:
            webhook_deliver_task.delay(pk)

    # robust: a broker outage must not fail the committed write; the beat task picks them up.
    transaction.on_commit(queue, robust=True)


@transaction.atomic
def webhook_delivery_redeliver(*, delivery: WebhookDelivery, actor: User | None) -> WebhookDelivery:
    """Queue a fresh attempt (with a fresh retry window), whatever the delivery's state."""
    d = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    now = timezone.now()
    d.status = DeliveryStatus.PENDING
    d.next_attempt_at = now
    d.window_started_at = now
    d.save(update_fields=["status", "next_attempt_at", "window_started_at"])
    audit_record(
        actor=actor,
        action="partners.webhook.redelivered",
        target=d,
        data={"client": d.subscription.client_id, "subscription": d.subscription_id},
    )
    deliveries_queue_after_commit([d.pk])
    return d


def backoff_seconds(attempts: int) -> float:
    """Wait after the `attempts`-th failed attempt: 30 s, 1 min, 2, 4 … capped at an hour,
    with up to 20 % jitter so many failing deliveries do not retry in lockstep."""
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.8, 1.0)  # noqa: S311 (jitter, not security)


@dataclass(frozen=True)
class _Claim:
    delivery_id: int
    url: str
    secret: str
    event: str
    body: bytes


def _claim(delivery_id: int, now: datetime) -> _Claim | None:
    """Take a due delivery for one attempt, or None if it is done, not due, or switched off.
    The next attempt time moves past the request's timeout, so a concurrent run skips it."""
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if d is None or d.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.GIVEN_UP):
            return None
        if not d.subscription.is_active:
            return None
        if d.next_attempt_at is not None and d.next_attempt_at > now:
            return None
        d.attempts += 1
        d.last_attempt_at = now
        d.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 30)
        d.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
        body = json.dumps(d.payload, separators=(",", ":"), ensure_ascii=False).encode()
        return _Claim(d.pk, d.subscription.url, d.subscription.secret, d.event, body)


def webhook_deliver(*, delivery_id: int) -> str | None:
    """One attempt at one delivery; returns its status afterwards (None if not attempted).

    Only tasks call this, never inside a transaction: the claim and the result are two short
    transactions of their own and the POST happens between them.
    """
    claim = _claim(delivery_id, timezone.now())
    if claim is None:
        return None
    timestamp = int(time.time())
    # Standard Webhooks (D180); the delivery id is the message id, the same on every retry.
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "giaothuong-webhooks/1",
        **standard_headers(
            secret=claim.secret, msg_id=str(claim.delivery_id), body=claim.body, timestamp=timestamp
        ),
        EVENT_HEADER: claim.event,
    }
    if settings.WEBHOOK_LEGACY_SIGNATURE:  # the exchange's own scheme, deprecated
        headers[SIGNATURE_HEADER] = webhook_signature(
            secret=claim.secret, body=claim.body, timestamp=timestamp
        )
        headers[DELIVERY_HEADER] = str(claim.delivery_id)
    # The request (or beat run) that caused this attempt, as in the exchange's own logs (D176).
    rid = request_id()
    if rid:
        headers[REQUEST_ID_HEADER] = rid
    result = webhook_post(
        url=claim.url,
        body=claim.body,
        headers=headers,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    return _record(claim.delivery_id, result)


@transaction.atomic
def _record(delivery_id: int, result: PostResult) -> str | None:
    now = timezone.now()
    d = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
    if d is None:
        return None
    sub = (
        WebhookSubscription.objects.select_for_update()
        .select_related("client")
        .get(pk=d.subscription_id)
    )
    d.last_status_code = result.status_code
    d.last_error = result.error[:500]
    d.response_excerpt = result.body_excerpt
    if result.ok:
        d.status = DeliveryStatus.SUCCEEDED
        d.delivered_at = now
        d.next_attempt_at = None
        d.save()
        if sub.consecutive_failures or sub.failing_since:
            sub.consecutive_failures = 0
            sub.failing_since = None
            sub.save(update_fields=["consecutive_failures", "failing_since", "updated_at"])
        return d.status
    window = timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    started = d.window_started_at or d.created_at
    retry_at = now + timedelta(seconds=backoff_seconds(d.attempts))
    if result.status_code == 410 or retry_at > started + window:
        d.status = DeliveryStatus.GIVEN_UP
        d.next_attempt_at = None
    else:
        d.status = DeliveryStatus.FAILED
        d.next_attempt_at = retry_at
    d.save()
    if sub.failing_since is None:
        sub.failing_since = now
    if d.status == DeliveryStatus.GIVEN_UP:
        sub.consecutive_failures += 1
    sub.save(update_fields=["consecutive_failures", "failing_since", "updated_at"])
    if sub.is_active:
        if result.status_code == 410:
            _disable(sub, _("The endpoint answered 410 Gone."))
        elif sub.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER:
            _disable(
                sub,
                _("%(n)d deliveries in a row were given up.") % {"n": sub.consecutive_failures},
            )
        elif sub.failing_since <= now - window:
            _disable(
                sub,
                _("No delivery has succeeded for %(h)d hours.")
                % {"h": settings.WEBHOOK_RETRY_HOURS},
            )
    return d.status


def _disable(sub: WebhookSubscription, reason: str) -> None:
    sub.is_active = False
    sub.disabled_at = timezone.now()
    sub.disabled_reason = reason[:300]
    sub.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    webhook_audit(sub, "disabled", actor=None, data={"reason": reason})
    email_after_commit(
        recipients=[sub.client.contact_email],
        subject=_("Webhook disabled: %(url)s") % {"url": sub.url},
        body=_(
            "The exchange stopped sending webhooks to %(url)s (subscription %(id)s).\n"
            "Reason: %(reason)s\n\n"
            "Fix the endpoint, then turn the subscription back on with POST "
            "/api/v1/partners/webhooks/%(id)s/enable/. Changes made meanwhile are in the "
            "change feed; failed deliveries can be sent again from the delivery log."
        )
        % {"url": sub.url, "id": sub.pk, "reason": reason},
    )


def webhooks_retry_due(*, limit: int = 500) -> int:
    """Queue deliveries whose next attempt is due (beat, every minute); returns how many."""
    ids = list(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=timezone.now(),
            subscription__is_active=True,
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        webhook_deliver_task.delay(pk)
    return len(ids)
