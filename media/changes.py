"""A picture is part of a public product's or storefront's representation: its changes reach
the partner change feed (core.signals.public_changed) like the product's or storefront's own."""

from __future__ import annotations

from catalog.models import Product
from core.signals import public_changed_send
from marketplace.models import Vendor, VendorStatus
from media.models import Image, ImageKind


def image_public_changed(image: Image) -> None:
    """Tell the partner change feed, in the caller's transaction, when `image` shows on a
    public product or storefront."""
    if image.product_id is not None:
        public = Product.objects.filter(
            pk=image.product_id, status="published", vendor__status=VendorStatus.APPROVED
        )
        if public.exists():
            public_changed_send(
                kind="product", object_ids=[image.product_id], event="product.updated"
            )
    elif (
        image.kind in (ImageKind.LOGO, ImageKind.BANNER)
        and image.vendor_id is not None
        and Vendor.objects.filter(pk=image.vendor_id, status=VendorStatus.APPROVED).exists()
    ):
        public_changed_send(kind="vendor", object_ids=[image.vendor_id], event="vendor.updated")
