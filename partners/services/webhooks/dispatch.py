"""Webhooks dispatch: recorded changes become deliveries for the subscriptions that hear them.

Flow: a service records a change (partners.services.changes) → after commit
`webhooks_dispatch_pending` turns new change rows into one WebhookDelivery per matching active
subscription (unique per (subscription, change), so re-runs add nothing) → after that commits,
`webhook_deliver_task` POSTs each one, outside any transaction → a failure is retried with
exponential backoff and jitter until WEBHOOK_RETRY_HOURS have passed, then given up. A 410
disables the subscription at once; WEBHOOK_DISABLE_AFTER given-up deliveries in a row, or
failing without a success for WEBHOOK_RETRY_HOURS, disable it too; the client's contact gets
an e-mail (a notice) when that happens. A beat task catches up missed dispatches and due retries.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from catalog.models import OcopCertificate, Product
from core.clients import PartnerScope
from core.site import site_url
from fairs.models import ExhibitorApplication, Fair, VisitorRegistration
from leads.models import Lead
from marketplace.models import Vendor
from orders.models import Order
from partners.models import (
    Change,
    ChangeEvent,
    ChangeKind,
    DeliveryStatus,
    StorefrontGrant,
    WebhookDelivery,
    WebhookDispatchState,
    WebhookSubscription,
)
from partners.services.webhooks.delivery import deliveries_queue_after_commit
from partners.services.webhooks.subscriptions import event_matches
from traceability.models import Lot

log = logging.getLogger(__name__)

DISPATCH_BATCH = 500
# How long an id missing below the high-water mark is looked for again: a transaction that
# recorded a change may commit after a later one. Longer than any transaction we run.
GAP_GRACE = timedelta(minutes=15)
MAX_GAPS = 5000

# Which scope a client needs to hear about each kind of change (D73). Applications also need
# a grant from the applicant storefront (checked per change).
KIND_SCOPE = {
    ChangeKind.PRODUCT: PartnerScope.CATALOG_READ,
    ChangeKind.VENDOR: PartnerScope.CATALOG_READ,
    ChangeKind.CERTIFICATE: PartnerScope.CATALOG_READ,
    ChangeKind.FAIR: PartnerScope.FAIRS_READ,
    ChangeKind.REGISTRATION: PartnerScope.FAIRS_READ,
    ChangeKind.APPLICATION: PartnerScope.LISTINGS_WRITE,
    ChangeKind.ORDER: PartnerScope.ORDERS_READ,
    ChangeKind.LEAD: PartnerScope.CATALOG_READ,
    ChangeKind.LOT: PartnerScope.CATALOG_READ,
}
# Kinds heard only by clients the object's storefront granted access (D73, D141).
GRANTED_KINDS = frozenset({ChangeKind.APPLICATION, ChangeKind.ORDER})


# The name it had in `marketplace.tasks`, so the beat schedule and queued messages still find it.
@shared_task(name="marketplace.tasks.webhooks_dispatch_task", ignore_result=True)
def webhooks_dispatch_task() -> int:
    """Every minute: create deliveries for changes no after-commit run dispatched."""
    return webhooks_dispatch_pending(max_batches=50)


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
    base = site_url() + "/api/v1"
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
    if ids := by_kind.get(ChangeKind.LEAD):
        slugs(Lead, ids, "leads", ChangeKind.LEAD)
    if ids := by_kind.get(ChangeKind.LOT):
        # A lot is read through its public trace record (a recalled one stays readable).
        for pk, code in Lot.objects.filter(pk__in=ids).values_list("pk", "public_code"):
            urls[(ChangeKind.LOT, pk)] = f"{base}/trace/{code}/"
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
    if ids := by_kind.get(ChangeKind.ORDER):
        # An order is read through its storefront's list, which a granted client may read.
        for pk, number, slug in Order.objects.filter(pk__in=ids).values_list(
            "pk", "number", "vendor__slug"
        ):
            urls[(ChangeKind.ORDER, pk)] = f"{base}/vendors/{slug}/orders/?number={number}"
    return urls


def _granted_clients(changes: list[Change]) -> dict[tuple[str, int], set[int]]:
    """(kind, id) of each application or order → ids of clients its storefront granted."""
    owners: dict[str, QuerySet[Any]] = {
        ChangeKind.APPLICATION: ExhibitorApplication.objects.all(),
        ChangeKind.ORDER: Order.objects.all(),
    }
    vendor_of: dict[tuple[str, int], int] = {}
    for kind, rows in owners.items():
        ids = {c.object_id for c in changes if c.kind == kind}
        if ids:
            for pk, vendor_id in rows.filter(pk__in=ids).values_list("pk", "vendor_id"):
                vendor_of[(kind, pk)] = vendor_id
    if not vendor_of:
        return {}
    clients: dict[int, set[int]] = {}
    for vendor_id, client_id in StorefrontGrant.objects.filter(
        vendor_id__in=set(vendor_of.values()), revoked_at__isnull=True
    ).values_list("vendor_id", "client_id"):
        clients.setdefault(vendor_id, set()).add(client_id)
    return {key: clients.get(vendor, set()) for key, vendor in vendor_of.items()}


def _may_hear(
    sub: WebhookSubscription, change: Change, grants: dict[tuple[str, int], set[int]]
) -> bool:
    scope = KIND_SCOPE.get(ChangeKind(change.kind))
    if scope is None or not sub.client.has_scope(scope):
        return False
    if change.kind in GRANTED_KINDS:
        return sub.client_id in grants.get((change.kind, change.object_id), set())
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
            grants = _granted_clients([c for _, c in matching])
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
                deliveries_queue_after_commit([d.pk for d in new if d.pk is not None])
    _advance(state, rows, now)
    return len(new), len(rows) == DISPATCH_BATCH
