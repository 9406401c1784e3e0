"""What the exchange plugs into extension points: its moderation queue of storefronts.
`connect()` runs from MarketplaceConfig.ready()."""

from __future__ import annotations

from marketplace.api.moderation import vendor_entry
from marketplace.models import Vendor, VendorStatus
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.selectors import vendor_moderation_prepare, vendor_review_snapshot


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
