"""What the catalogue plugs into the exchange's extension points: the moderation queues of
products and certificates, the catalogue's figures, and the reference tables of categories and
units forgotten when one is saved or deleted in this process. `connect()` runs from
CatalogConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from catalog.models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    Unit,
)
from catalog.selectors import categories, stats_catalogue, stats_catalogue_for_moderators, units
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="products",
            pending=lambda: Product.objects.filter(status=ProductStatus.PENDING_REVIEW),
            waiting_since="submitted_at",
        )
    )
    moderation_queue_register(
        ModerationQueue(
            kind="certificates",
            pending=lambda: OcopCertificate.objects.filter(
                status=CertificateStatus.PENDING_VERIFICATION
            ),
            waiting_since="created_at",
        )
    )
    stats_register(public=stats_catalogue, moderation=stats_catalogue_for_moderators)
    for model, table in ((Category, categories), (Unit, units)):
        post_save.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-save")
        post_delete.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-del")
