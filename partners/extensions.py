"""What the partners app plugs into the apps below it: the change feed records what their
signals announce (core.signals.public_changed, marketplace.signals.vendor_changed), in the
sender's transaction, and starts the feed after a bulk load (core.signals.bulk_loaded).
`connect()` runs from PartnersConfig.ready()."""

from __future__ import annotations

from core.observability.metrics import metrics_collector_register
from core.retention import retention_register
from core.signals import bulk_loaded, public_changed
from marketplace.models import Vendor, VendorStatus
from marketplace.signals import vendor_changed
from orders.signals import order_changed
from partners.metrics import partners_metrics
from partners.models import Change, ChangeKind
from partners.services.changes import changes_backfill, changes_record, changes_record_vendor
from partners.services.retention import (
    feed_changes_prune,
    idempotency_records_prune,
    webhook_deliveries_prune,
)

# A moderation decision shows or hides a storefront and, with it, all its published products.
_VENDOR_DECISION_PRODUCT_EVENT = {
    "vendor.approved": "product.published",
    "vendor.suspended": "product.unpublished",
}
# Products show their storefront's name, type and province.
_VENDOR_FIELDS_SHOWN_ON_PRODUCTS = frozenset({"display_name", "kind", "commune"})


def changes_on_public_changed(
    *, kind: str, object_ids: list[int], event: str, **kwargs: object
) -> None:
    changes_record(kind=kind, object_ids=object_ids, event=event)


def changes_on_order_changed(
    *, orders: list[tuple[int, int]], event: str, **kwargs: object
) -> None:
    """Order events: recorded for their storefronts' granted clients' webhooks (D141), one
    insert for a checkout's orders (D217)."""
    changes_record(kind=ChangeKind.ORDER, object_ids=[pk for pk, _v in orders], event=event)


def changes_on_vendor_changed(
    *, vendor: Vendor, event: str, fields: frozenset[str], **kwargs: object
) -> None:
    if event == "vendor.updated":
        if vendor.status != VendorStatus.APPROVED:
            return  # partners see approved storefronts only
        cascade = bool(_VENDOR_FIELDS_SHOWN_ON_PRODUCTS & fields)
        product_event = "product.updated" if cascade else None
    elif event in _VENDOR_DECISION_PRODUCT_EVENT:
        product_event = _VENDOR_DECISION_PRODUCT_EVENT[event]
    else:
        return
    changes_record_vendor(vendor_id=vendor.pk, event=event, product_event=product_event)


def changes_on_bulk_loaded(*, fresh: bool, **kwargs: object) -> str | None:
    """Rows loaded in bulk recorded no changes: give the feed its starting point (D67)."""
    if not fresh and Change.objects.exists():
        return None
    recorded = changes_backfill()
    return f"Change feed: {recorded} public objects recorded as a snapshot"


def connect() -> None:
    public_changed.connect(changes_on_public_changed, dispatch_uid="partners.public_changed")
    vendor_changed.connect(changes_on_vendor_changed, dispatch_uid="partners.vendor_changed")
    order_changed.connect(changes_on_order_changed, dispatch_uid="partners.order_changed")
    bulk_loaded.connect(changes_on_bulk_loaded, dispatch_uid="partners.bulk_loaded")
    retention_register("change-feed", feed_changes_prune)
    retention_register("webhook-deliveries", webhook_deliveries_prune)
    retention_register("idempotency-records", idempotency_records_prune)
    metrics_collector_register("partners", partners_metrics)
