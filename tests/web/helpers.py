"""What the page tests share: a picture with renditions, the JSON-LD blocks of a page."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from media.models import Image, ImageStatus, Rendition

HTML = {"HTTP_ACCEPT": "text/html"}


def picture(*, kind: str = "gallery", position: int = 0, widths=(160, 480, 1200), **owner) -> Image:
    """A ready picture of a product (product=…) or a storefront (vendor=…, kind="logo") with
    WebP and JPEG renditions at each width."""
    vendor = owner.get("vendor") or owner["product"].vendor
    image = Image.objects.create(
        vendor=vendor,
        product=owner.get("product"),
        kind=kind,
        position=position,
        key=uuid.uuid4().hex,
        original="originals/x.jpg",
        format="jpeg",
        width=1600,
        height=1200,
        bytes=1000,
        sha256="0" * 64,
        status=ImageStatus.READY,
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


def json_ld(html: str) -> list[dict[str, Any]]:
    """Every JSON-LD block of the page, parsed (a block that is not JSON fails the test)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def ld_of_type(html: str, kind: str) -> dict[str, Any]:
    found = [block for block in json_ld(html) if block.get("@type") == kind]
    assert len(found) == 1, json_ld(html)
    return found[0]


def meta(html: str, name: str) -> str | None:
    """The content of <meta property=name> or <meta name=name>."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match[1] if match else None
