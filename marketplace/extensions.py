"""What the exchange plugs into extension points: its moderation queue of storefronts, and the
reference tables of places forgotten when a place is saved or deleted in this process.
`connect()` runs from MarketplaceConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from core.retention import retention_register
from marketplace.api.moderation import vendor_entry
from marketplace.models import Commune, Province, User, Vendor, VendorStatus
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.selectors import (
    communes,
    provinces,
    vendor_moderation_prepare,
    vendor_review_snapshot,
)
from marketplace.services.sessions import (
    password_changed_revoke,
    sessions_expired_delete,
    tokens_expired_delete,
)


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="vendors",
            pending=lambda: Vendor.objects.filter(status=VendorStatus.PENDING),
            waiting_since="submitted_at",
            approved_state=VendorStatus.APPROVED,
            describe=vendor_entry,
            snapshot=vendor_review_snapshot,
            prepare=vendor_moderation_prepare,
        )
    )
    for model, table in ((Province, provinces), (Commune, communes)):
        post_save.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-save")
        post_delete.connect(table.clear, sender=model, dispatch_uid=f"reference-{table.name}-del")
    # A new password ends every token of the user (D181).
    post_save.connect(password_changed_revoke, sender=User, dispatch_uid="password-changed-revoke")
    retention_register("sessions", sessions_expired_delete)
    retention_register("jwt-tokens", tokens_expired_delete)
