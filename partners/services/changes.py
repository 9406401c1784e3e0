"""Recording changes partners can see, for the change feed and the webhooks.

Services of the apps below announce what partners can see changed through signals
(core.signals.public_changed, marketplace.signals.vendor_changed), inside their own
transaction; the receivers (partners.extensions) call `changes_record`, so the rows commit
or roll back with the change. After commit the webhook dispatcher is scheduled once per
transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalog.models import CertificateStatus, OcopCertificate, Product, ProductStatus
from catalog.selectors import certificates_valid_on, product_public_filter
from fairs.selectors.fairs import fair_list_public
from leads.selectors import lead_list_public
from marketplace.models import Vendor, VendorStatus
from partners.models import Change, ChangeKind
from partners.services.webhooks.dispatch import webhooks_dispatch_pending
from traceability.selectors import lot_list_public

logger = logging.getLogger(__name__)

_BATCH = 1000
_VISIBILITY_EVENTS = frozenset({"product.published", "product.unpublished"})


def _dispatch_webhooks() -> None:
    webhooks_dispatch_pending()


def _schedule_after_commit() -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _dispatch_webhooks()
        return
    # One dispatch per transaction however many changes it recorded.
    if any(func is _dispatch_webhooks for _, func, _robust in connection.run_on_commit):
        return
    # robust: a failing dispatch (broker down) never turns a committed write into an error.
    transaction.on_commit(_dispatch_webhooks, robust=True)


def changes_record(*, kind: str, object_ids: Iterable[int], event: str) -> None:
    """Record that these objects of `kind` changed (`event` is a dotted name such as
    `product.published`); one row per object, in the caller's transaction."""
    if kind not in ChangeKind.values:
        raise ValueError(f"unknown change kind {kind!r}")
    unique = sorted({int(i) for i in object_ids if i is not None})
    if not unique:
        return
    now = timezone.now()
    for start in range(0, len(unique), _BATCH):
        Change.objects.bulk_create(
            [
                Change(kind=kind, object_id=i, event=event, at=now)
                for i in unique[start : start + _BATCH]
            ]
        )
    if kind == ChangeKind.PRODUCT and event in _VISIBILITY_EVENTS:
        # A certificate is public only while its product is: it appears or goes with it.
        changes_record(
            kind=ChangeKind.CERTIFICATE,
            object_ids=OcopCertificate.objects.filter(
                product_id__in=unique, status=CertificateStatus.VERIFIED
            ).values_list("pk", flat=True),
            event="certificate.updated",
        )
    _schedule_after_commit()


def changes_record_vendor(*, vendor_id: int, event: str, product_event: str | None = None) -> None:
    """Record a storefront change; `product_event` also records its published products (the
    storefront's status and name are part of what partners see of each of them)."""
    changes_record(kind=ChangeKind.VENDOR, object_ids=[vendor_id], event=event)
    if product_event:
        changes_record(
            kind=ChangeKind.PRODUCT,
            object_ids=Product.objects.filter(
                vendor_id=vendor_id, status=ProductStatus.PUBLISHED
            ).values_list("id", flat=True),
            event=product_event,
        )


def changes_record_certificate(*, certificate_id: int, product_id: int, event: str) -> None:
    """Record a certificate change and its product's (the product shows its OCOP stars)."""
    changes_record(kind=ChangeKind.CERTIFICATE, object_ids=[certificate_id], event=event)
    changes_record(kind=ChangeKind.PRODUCT, object_ids=[product_id], event="product.updated")


@transaction.atomic
def changes_backfill() -> int:
    """Record one `snapshot` change for every object partners can see now, so the feed read
    from its start covers the whole public catalogue (after a bulk load that bypassed the
    services, or when the feed starts on an existing database). Safe to repeat: a partner
    applying the feed only sees the same objects again. Returns how many were recorded."""
    public_products = Product.objects.filter(product_public_filter())
    batches = {
        ChangeKind.VENDOR: Vendor.objects.filter(status=VendorStatus.APPROVED),
        ChangeKind.PRODUCT: public_products,
        ChangeKind.CERTIFICATE: certificates_valid_on().filter(
            product__in=public_products.values("pk")
        ),
        ChangeKind.FAIR: fair_list_public(),
        ChangeKind.LEAD: lead_list_public(),
        ChangeKind.LOT: lot_list_public(),
    }
    recorded = 0
    for kind, qs in batches.items():
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        changes_record(kind=kind, object_ids=ids, event="snapshot")
        recorded += len(ids)
    return recorded
