"""What the catalogue plugs into the exchange's extension points: the moderation queues of
products, certificates and awards (with their work lists), the catalogue's figures, and the
reference tables of categories and units forgotten when one is saved or deleted in this
process. `connect()` runs from CatalogConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from catalog.api.moderation import award_entry, certificate_entry, product_entry
from catalog.models import (
    AwardStatus,
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
    Unit,
)
from catalog.selectors import (
    award_review_snapshot,
    categories,
    certificate_review_snapshot,
    evidence_moderation_prepare,
    product_moderation_prepare,
    product_review_snapshot,
    stats_catalogue,
    stats_catalogue_for_moderators,
    units,
)
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.stats import stats_register


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="products",
            pending=lambda: Product.objects.filter(status=ProductStatus.PENDING_REVIEW),
            waiting_since="submitted_at",
            approved_state=ProductStatus.PUBLISHED,
            describe=product_entry,
            snapshot=product_review_snapshot,
            prepare=product_moderation_prepare,
        )
    )
    moderation_queue_register(
        ModerationQueue(
            kind="certificates",
            pending=lambda: OcopCertificate.objects.filter(
                status=CertificateStatus.PENDING_VERIFICATION
            ),
            waiting_since="submitted_at",
            approved_state=CertificateStatus.VERIFIED,
            describe=certificate_entry,
            snapshot=certificate_review_snapshot,
            prepare=evidence_moderation_prepare,
        )
    )
    moderation_queue_register(
        ModerationQueue(
            kind="awards",
            pending=lambda: RuralIndustryAward.objects.filter(
                status=AwardStatus.PENDING_VERIFICATION
            ),
            waiting_since="submitted_at",
            approved_state=AwardStatus.VERIFIED,
            describe=award_entry,
            snapshot=award_review_snapshot,
            prepare=evidence_moderation_prepare,
        )
    )
    stats_register(public=stats_catalogue, moderation=stats_catalogue_for_moderators)
    for model, table in ((Category, categories), (Unit, units)):
        post_save.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-save")
        post_delete.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-del")
