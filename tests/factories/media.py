"""Pictures written straight to the media tables: a row and its renditions, no files (enough for
every read that does not open them). One helper for the search, media, list and site tests."""

from __future__ import annotations

import uuid

from media.models import Image, ImageStatus, Rendition


def picture(
    *,
    kind: str = "gallery",
    position: int = 0,
    primary: bool = False,
    status: str = ImageStatus.READY,
    widths: tuple[int, ...] = (160, 480, 1200),
    **owner,
) -> Image:
    """A picture of a product (product=…) or a storefront (vendor=…, kind="logo") with WebP and
    JPEG renditions at each width."""
    vendor = owner.get("vendor") or owner["product"].vendor
    image = Image.objects.create(
        vendor=vendor,
        product=owner.get("product"),
        kind=kind,
        position=position,
        is_primary=primary,
        key=uuid.uuid4().hex,
        original="originals/x.jpg",
        format="jpeg",
        width=1600,
        height=1200,
        bytes=1000,
        sha256="0" * 64,
        status=status,
    )
    Rendition.objects.bulk_create(
        Rendition(
            image=image,
            spec=f"w{width}",
            format=fmt,
            width=width,
            height=width * 3 // 4,
            file=f"r/{image.key}/w{width}.{fmt}",
            bytes=100,
        )
        for width in widths
        for fmt in ("webp", "jpeg")
    )
    return image
