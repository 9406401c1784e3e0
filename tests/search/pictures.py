"""A product's gallery picture with its renditions, written straight to the tables (the search
tests read cards, not uploads)."""

from __future__ import annotations

import uuid

from media.models import Image, ImageStatus, Rendition


def gallery_picture(product, *, position=0, status=ImageStatus.READY, widths=(160, 480)):
    image = Image.objects.create(
        vendor=product.vendor,
        product=product,
        kind="gallery",
        position=position,
        is_primary=position == 0,
        key=uuid.uuid4().hex,
        original="originals/x.jpg",
        format="jpeg",
        width=1600,
        height=1200,
        bytes=1000,
        sha256="0" * 64,
        status=status,
    )
    for width in widths:
        for fmt in ("webp", "jpeg"):
            Rendition.objects.create(
                image=image,
                spec=f"w{width}",
                format=fmt,
                width=width,
                height=width * 3 // 4,
                file=f"r/{image.key}/w{width}.{fmt}",
                bytes=100,
            )
    return image
