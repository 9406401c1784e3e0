"""What the exchange plugs into extension points: its moderation queue of storefronts.
`connect()` runs from MarketplaceConfig.ready()."""

from __future__ import annotations

from marketplace.models import Vendor, VendorStatus
from marketplace.moderation import ModerationQueue, moderation_queue_register


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="vendors",
            pending=lambda: Vendor.objects.filter(status=VendorStatus.PENDING),
            waiting_since="created_at",
        )
    )
