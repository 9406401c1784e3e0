"""What the exchange plugs into extension points: its moderation queue of storefronts, and (until
the partners app takes them) the change-feed receivers. `connect()` runs from
MarketplaceConfig.ready()."""

from __future__ import annotations

from core.signals import public_changed
from marketplace.models import Vendor, VendorStatus
from marketplace.moderation import ModerationQueue, moderation_queue_register
from marketplace.services.changes import changes_on_public_changed, changes_on_vendor_changed
from marketplace.signals import vendor_changed


def connect() -> None:
    moderation_queue_register(
        ModerationQueue(
            kind="vendors",
            pending=lambda: Vendor.objects.filter(status=VendorStatus.PENDING),
            waiting_since="created_at",
        )
    )
    public_changed.connect(changes_on_public_changed, dispatch_uid="partners.public_changed")
    vendor_changed.connect(changes_on_vendor_changed, dispatch_uid="partners.vendor_changed")
