"""Webhooks: subscriptions, dispatch of recorded changes, signed delivery with retries.

Flow: a service records a change (marketplace.services.changes) → after commit
`webhooks_dispatch_pending` turns new change rows into one WebhookDelivery per matching active
subscription (unique per (subscription, change), so re-runs add nothing) → after that commits,
`webhook_deliver_task` POSTs each one, outside any transaction → a failure is retried with
exponential backoff and jitter until WEBHOOK_RETRY_HOURS have passed, then given up. A 410
disables the subscription at once; WEBHOOK_DISABLE_AFTER given-up deliveries in a row, or
failing without a success for WEBHOOK_RETRY_HOURS, disable it too; the client's contact gets
an e-mail (a notice) when that happens. A beat task catches up missed dispatches and due retries.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ValidationFailed
from core.notifications import email_after_commit
from marketplace.models import (
    Change,
    ChangeEvent,
    ChangeKind,
    DeliveryStatus,
    PartnerClient,
    PartnerScope,
    StorefrontGrant,
    User,
    WebhookDelivery,
    WebhookDispatchState,
    WebhookSubscription,
)
from marketplace.webhooks_signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    webhook_signature,
)
from marketplace.webhooks_transport import PostResult, webhook_post

log = logging.getLogger(__name__)

DISPATCH_BATCH = 500
# How long an id missing below the high-water mark is looked for again: a transaction that
# recorded a change may commit after a later one. Longer than any transaction we run.
GAP_GRACE = timedelta(minutes=15)
MAX_GAPS = 5000
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 60 * 60
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)

# Which scope a client needs to hear about each kind of change (D73). Applications also need
# a grant from the applicant storefront (checked per change).
KIND_SCOPE = {
    ChangeKind.PRODUCT: PartnerScope.CATALOG_READ,
    ChangeKind.VENDOR: PartnerScope.CATALOG_READ,
    ChangeKind.CERTIFICATE: PartnerScope.CATALOG_READ,
    ChangeKind.FAIR: PartnerScope.FAIRS_READ,
    ChangeKind.REGISTRATION: PartnerScope.FAIRS_READ,
    ChangeKind.APPLICATION: PartnerScope.LISTINGS_WRITE,
}
EVENT_NAMES = sorted(e for e in ChangeEvent.values if e != ChangeEvent.SNAPSHOT)
EVENT_PATTERNS = ["*", *sorted(f"{k}.*" for k in ChangeKind.values)]


# --- subscriptions -----------------------------------------------------------------------------


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def _validate_url(url: str) -> str:
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise ValidationFailed(
            _("The webhook URL is not valid."), errors={"url": [_("This is not a URL.")]}
        ) from None
    local = host in {"localhost", "127.0.0.1", "::1"}
    https = parts.scheme == "https" and bool(host)
    local_http = parts.scheme == "http" and local and settings.WEBHOOK_ALLOW_LOCAL_HTTP
    if not (https or local_http):
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("Use an https:// URL that partners' servers answer on.")]},
        )
    if parts.username or parts.password:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must not carry a user name or password.")]},
        )
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    # A literal private or loopback address would make the exchange call into its own network.
    if address is not None and not address.is_global and not local:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must point at a public address.")]},
        )
    if local and not settings.WEBHOOK_ALLOW_LOCAL_HTTP:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must point at a public address.")]},
        )
    return url


def _validate_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise ValidationFailed(
            _("Choose at least one event."),
            errors={"events": [_("Give a list of event names or patterns such as product.*.")]},
        )
    unknown = sorted({e for e in events if e not in EVENT_NAMES and e not in EVENT_PATTERNS})
    if unknown:
        raise ValidationFailed(
            _("Some events are not known."),
            errors={"events": [_("Unknown events: %(e)s.") % {"e": ", ".join(unknown)}]},
        )
    return sorted(set(events))


def event_matches(patterns: list[str], event: str) -> bool:
    kind = event.split(".", 1)[0]
    return "*" in patterns or event in patterns or f"{kind}.*" in patterns


def _audit(
    sub: WebhookSubscription, action: str, *, actor: User | None, data: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=f"partners.webhook.{action}",
        target=sub,
        data={"client": sub.client_id, **(data or {})},
    )


@transaction.atomic
def webhook_subscription_create(
    *,
    client: PartnerClient,
    url: str,
    events: Any,
    description: str = "",
    actor: User | None,
) -> tuple[WebhookSubscription, str]:
    """Subscribe `client`; returns the subscription and its secret (shown only now)."""
    secret = _new_secret()
    sub = WebhookSubscription.objects.create(
        client=client,
        url=_validate_url(url),
        events=_validate_events(events),
        description=description[:200],
        secret=secret,
    )
    _audit(sub, "created", actor=actor, data={"url": sub.url, "events": sub.events})
    return sub, secret


@transaction.atomic
def webhook_subscription_update(
    *,
    subscription: WebhookSubscription,
    url: str | None = None,
    events: Any = None,
    description: str | None = None,
    actor: User | None,
) -> WebhookSubscription:
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if url is not None:
        sub.url = _validate_url(url)
    if events is not None:
        sub.events = _validate_events(events)
    if description is not None:
        sub.description = description[:200]
    sub.save()
    _audit(sub, "updated", actor=actor, data={"url": sub.url, "events": sub.events})
    return sub


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, actor: User | None) -> None:
    _audit(subscription, "deleted", actor=actor, data={"url": subscription.url})
    subscription.delete()


@transaction.atomic
def webhook_secret_rotate(
    *, subscription: WebhookSubscription, actor: User | None
) -> tuple[WebhookSubscription, str]:
    """A new secret, effective for every delivery sent from now on (no overlap: D72)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    secret = _new_secret()
    sub.secret = secret
    sub.save(update_fields=["secret", "updated_at"])
    _audit(sub, "secret_rotated", actor=actor)
    return sub, secret


@transaction.atomic
def webhook_subscription_enable(
    *, subscription: WebhookSubscription, actor: User | None
) -> WebhookSubscription:
    """Turn a disabled subscription back on. Changes made while it was off are not replayed:
    the partner catches up through the change feed (D74)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if sub.is_active:
        return sub
    sub.is_active = True
    sub.disabled_at = None
    sub.disabled_reason = ""
    sub.consecutive_failures = 0
    sub.failing_since = None
    sub.save()
    _audit(sub, "enabled", actor=actor)
    return sub


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
    _queue_after_commit([d.pk])
    return d


# --- dispatch ----------------------------------------------------------------------------------


def _queue_after_commit(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return

    def queue() -> None:
        from marketplace.tasks import webhook_deliver_task

        for pk in delivery_ids:
            webhook_deliver_task.delay(pk)

    # robust: a broker outage must not fail the committed write; the beat task picks them up.
    transaction.on_commit(queue, robust=True)


def _state_locked() -> WebhookDispatchState | None:
    """The dispatch state, locked; None while another run holds it (that run, the next
    commit or the beat task picks up what this one would have dispatched), so writers
    committing at once never queue up behind each other here."""
    found = (
        WebhookDispatchState.objects.select_for_update(skip_locked=True)
        .filter(key="default")
        .first()
    )
    if found is not None:
        return found
    if WebhookDispatchState.objects.filter(key="default").exists():
        return None
    # The first run ever: start where the oldest subscription began (nothing older is ever
    # delivered), or at the present when there is none yet.
    oldest = (
        WebhookSubscription.objects.order_by("created_at").values_list("created_at", flat=True)
    ).first()
    start = (
        Change.objects.filter(at__lt=oldest or timezone.now())
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    try:
        with transaction.atomic():
            WebhookDispatchState.objects.create(key="default", high_water=start or 0)
    except IntegrityError:
        return None  # a concurrent first run created it
    return WebhookDispatchState.objects.select_for_update().get(key="default")


def _api_urls(changes: list[Change]) -> dict[tuple[str, int], str | None]:
    """The API address a receiver fetches for each changed object (None when it is gone)."""
    from catalog.models import OcopCertificate, Product
    from fairs.models import ExhibitorApplication, Fair, VisitorRegistration
    from marketplace.models import Vendor

    base = settings.SITE_URL.rstrip("/") + "/api/v1"
    by_kind: dict[str, set[int]] = {}
    for c in changes:
        by_kind.setdefault(c.kind, set()).add(c.object_id)
    urls: dict[tuple[str, int], str | None] = {}

    def slugs(model: Any, ids: set[int], prefix: str, kind: str) -> None:
        for pk, slug in model.objects.filter(pk__in=ids).values_list("pk", "slug"):
            urls[(kind, pk)] = f"{base}/{prefix}/{slug}/"

    if ids := by_kind.get(ChangeKind.PRODUCT):
        slugs(Product, ids, "products", ChangeKind.PRODUCT)
    if ids := by_kind.get(ChangeKind.VENDOR):
        slugs(Vendor, ids, "vendors", ChangeKind.VENDOR)
    if ids := by_kind.get(ChangeKind.FAIR):
        slugs(Fair, ids, "fairs", ChangeKind.FAIR)
    if ids := by_kind.get(ChangeKind.CERTIFICATE):
        for pk in OcopCertificate.objects.filter(pk__in=ids).values_list("pk", flat=True):
            urls[(ChangeKind.CERTIFICATE, pk)] = f"{base}/certificates/{pk}/"
    if ids := by_kind.get(ChangeKind.APPLICATION):
        for pk in ExhibitorApplication.objects.filter(pk__in=ids).values_list("pk", flat=True):
            urls[(ChangeKind.APPLICATION, pk)] = f"{base}/fairs/applications/{pk}/"
    if ids := by_kind.get(ChangeKind.REGISTRATION):
        # A registration is a visitor's own: partners learn which fair to re-read, no more.
        for pk, slug in VisitorRegistration.objects.filter(pk__in=ids).values_list(
            "pk", "fair__slug"
        ):
            urls[(ChangeKind.REGISTRATION, pk)] = f"{base}/fairs/{slug}/"
    return urls


def _application_grants(changes: list[Change]) -> dict[int, set[int]]:
    """Application id → ids of clients the applicant storefront granted access."""
    from fairs.models import ExhibitorApplication

    ids = {c.object_id for c in changes if c.kind == ChangeKind.APPLICATION}
    if not ids:
        return {}
    vendor_of = dict(ExhibitorApplication.objects.filter(pk__in=ids).values_list("pk", "vendor_id"))
    clients: dict[int, set[int]] = {}
    for vendor_id, client_id in StorefrontGrant.objects.filter(
        vendor_id__in=set(vendor_of.values()), revoked_at__isnull=True
    ).values_list("vendor_id", "client_id"):
        clients.setdefault(vendor_id, set()).add(client_id)
    return {app: clients.get(vendor, set()) for app, vendor in vendor_of.items()}


def _may_hear(sub: WebhookSubscription, change: Change, grants: dict[int, set[int]]) -> bool:
    scope = KIND_SCOPE.get(ChangeKind(change.kind))
    if scope is None or not sub.client.has_scope(scope):
        return False
    if change.kind == ChangeKind.APPLICATION:
        return sub.client_id in grants.get(change.object_id, set())
    return True


def _payload(change: Change, url: str | None) -> dict[str, Any]:
    return {
        "event": change.event,
        "id": change.id,
        "kind": change.kind,
        "object_id": change.object_id,
        "url": url,
        "at": change.at.isoformat(),
    }


def _next_rows(state: WebhookDispatchState, now: datetime) -> list[Change]:
    gap_ids = [int(i) for i in state.gaps]
    condition = Q(id__gt=state.high_water)
    if gap_ids:
        condition |= Q(id__in=gap_ids)
    return list(Change.objects.filter(condition).order_by("id")[:DISPATCH_BATCH])


def _advance(state: WebhookDispatchState, rows: list[Change], now: datetime) -> None:
    """Move the high-water mark past `rows` and remember the ids skipped on the way."""
    gaps: dict[str, str] = dict(state.gaps)
    for row in rows:
        gaps.pop(str(row.id), None)
    previous = state.high_water
    stamp = now.isoformat()
    for row in rows:
        if row.id <= previous:
            continue
        for missing in range(previous + 1, min(row.id, previous + 1 + MAX_GAPS)):
            gaps[str(missing)] = stamp
        previous = row.id
    cutoff = now - GAP_GRACE
    kept = {}
    for key, seen in gaps.items():
        seen_at = parse_datetime(seen)
        if seen_at is not None and seen_at >= cutoff:
            kept[key] = seen
    if len(kept) > MAX_GAPS:
        kept = dict(sorted(kept.items(), key=lambda kv: int(kv[0]))[-MAX_GAPS:])
    state.high_water = previous
    state.gaps = kept
    state.save(update_fields=["high_water", "gaps", "updated_at"])


def webhooks_dispatch_pending(*, max_batches: int = 1) -> int:
    """Create deliveries for changes not dispatched yet; returns how many were created.

    Idempotent and safe to run concurrently: runs lock the one state row, and a delivery is
    unique per (subscription, change). Called after every transaction that recorded changes
    (inside the web request, so one batch only) and every minute by beat (many batches); a
    backlog left over is handed to the dispatch task.
    """
    created_total = 0
    for _round in range(max_batches):
        created, more = _dispatch_batch()
        created_total += created
        if not more:
            return created_total
    try:
        from marketplace.tasks import webhooks_dispatch_task

        webhooks_dispatch_task.delay()
    except Exception:  # broker down: the beat task catches up
        log.warning("could not queue the webhook dispatch task", exc_info=True)
    return created_total


@transaction.atomic
def _dispatch_batch() -> tuple[int, bool]:
    now = timezone.now()
    state = _state_locked()
    if state is None:
        return 0, False
    rows = _next_rows(state, now)
    if not rows:
        _advance(state, rows, now)
        return 0, False
    subs = list(
        WebhookSubscription.objects.filter(is_active=True, client__is_active=True).select_related(
            "client"
        )
    )
    new: list[WebhookDelivery] = []
    if subs:
        matching = [
            (s, c)
            for c in rows
            for s in subs
            if c.event != ChangeEvent.SNAPSHOT
            and c.at >= s.created_at
            and event_matches(s.events, c.event)
        ]
        if matching:
            grants = _application_grants([c for _, c in matching])
            matching = [(s, c) for s, c in matching if _may_hear(s, c, grants)]
        if matching:
            existing = set(
                WebhookDelivery.objects.filter(
                    subscription_id__in={s.pk for s, _ in matching},
                    change_id__in={c.id for _, c in matching},
                ).values_list("subscription_id", "change_id")
            )
            urls = _api_urls([c for _, c in matching])
            new = [
                WebhookDelivery(
                    subscription=s,
                    event=c.event,
                    change_id=c.id,
                    kind=c.kind,
                    object_id=c.object_id,
                    payload=_payload(c, urls.get((c.kind, c.object_id))),
                    status=DeliveryStatus.PENDING,
                    next_attempt_at=now,
                    created_at=now,
                    window_started_at=now,
                )
                for s, c in matching
                if (s.pk, c.id) not in existing
            ]
            if new:
                new = WebhookDelivery.objects.bulk_create(new)
                _queue_after_commit([d.pk for d in new if d.pk is not None])
    _advance(state, rows, now)
    return len(new), len(rows) == DISPATCH_BATCH


# --- delivery ----------------------------------------------------------------------------------


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
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "giaothuong-webhooks/1",
        SIGNATURE_HEADER: webhook_signature(secret=claim.secret, body=claim.body),
        EVENT_HEADER: claim.event,
        DELIVERY_HEADER: str(claim.delivery_id),
    }
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
    _audit(sub, "disabled", actor=None, data={"reason": reason})
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
    from marketplace.tasks import webhook_deliver_task

    for pk in ids:
        webhook_deliver_task.delay(pk)
    return len(ids)
