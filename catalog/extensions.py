"""What the catalogue plugs into the exchange's extension points: the moderation queues of
products and certificates, and the catalogue's figures. `connect()` runs from
CatalogConfig.ready()."""

from __future__ import annotations

from catalog.models import CertificateStatus, OcopCertificate, Product, ProductStatus
from catalog.selectors import stats_catalogue, stats_catalogue_for_moderators
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
