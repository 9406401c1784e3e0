"""What the catalogue plugs into the exchange's extension points: the moderation queues of
products and certificates. `connect()` runs from CatalogConfig.ready()."""

from __future__ import annotations

from catalog.models import CertificateStatus, OcopCertificate, Product, ProductStatus
from marketplace.moderation import ModerationQueue, moderation_queue_register


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
