"""Demo pictures: drawn with Pillow (no image files in the repository), deterministic, and
uploaded through the same services as a storefront owner's upload, so the demo exercises the
whole path (checks, metadata stripping, private original, renditions)."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from catalog.models import Product, ProductStatus
from core.text import fold
from marketplace.models import MemberRole, User, Vendor, VendorMembership, VendorStatus
from media.models import Image, ImageKind
from media.services import product_image_add, vendor_image_set

PALETTE = [
    ((46, 125, 50), (200, 230, 201)),  # tea green
    ((249, 168, 37), (255, 243, 224)),  # pomelo yellow
    ((121, 85, 72), (239, 235, 233)),  # rice-noodle brown
    ((198, 40, 40), (255, 235, 238)),  # persimmon red
    ((21, 101, 192), (227, 242, 253)),  # river blue
    ((106, 27, 154), (243, 229, 245)),  # purple tea
]


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _lines(text: str, width: int) -> list[str]:
    words = re.sub(r"[^A-Za-z0-9 ]+", " ", text).split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def drawing(text: str, size: tuple[int, int], *, round_badge: bool = False) -> bytes:
    """A JPEG: a two-colour gradient, a few rings, and the text folded to ASCII (the bundled
    font has no Vietnamese letters)."""
    seed = _seed(text)
    dark, light = PALETTE[seed % len(PALETTE)]
    width, height = size
    gradient = PILImage.linear_gradient("L").rotate(90 * (seed % 4)).resize(size)
    im = PILImage.composite(
        PILImage.new("RGB", size, dark), PILImage.new("RGB", size, light), gradient
    )
    draw = ImageDraw.Draw(im)
    for i in range(5):
        r = (seed >> (i * 3)) % (min(size) // 4) + min(size) // 10
        x = (seed >> (i * 5)) % width
        y = (seed >> (i * 7)) % height
        draw.ellipse((x - r, y - r, x + r, y + r), outline=light, width=max(2, r // 12))
    folded = fold(text)
    if round_badge:
        lines = ["".join(word[0] for word in _lines(folded, 99)[0].split()[:3]).upper()]
    else:
        lines = [line.title() for line in _lines(folded, 18 if width < 2 * height else 30)]
    label = "\n".join(lines)
    size_px = height // (3 if round_badge else 6 if width < 2 * height else 4)
    while True:
        font = ImageFont.load_default(size=size_px)
        box = draw.multiline_textbbox((0, 0), label, font=font, align="center")
        if box[2] - box[0] <= width * 0.9 or size_px <= 12:
            break
        size_px = size_px * 9 // 10
    position = ((width - (box[2] - box[0])) // 2, (height - (box[3] - box[1])) // 2)
    draw.multiline_text(
        position,
        label,
        fill=(255, 255, 255),
        font=font,
        align="center",
        stroke_width=max(1, size_px // 20),
        stroke_fill=dark,
    )
    out = BytesIO()
    im.save(out, "JPEG", quality=88)
    return out.getvalue()


def _owner(vendor: Vendor) -> User | None:
    membership = (
        VendorMembership.objects.filter(vendor=vendor, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def demo_pictures_load(*, products: int = 20, storefronts: int = 10) -> int:
    """Give the products and storefronts on the first page of their lists a picture (products)
    or a logo and banner (storefronts). Idempotent: whatever already has pictures is left
    alone. Returns how many pictures were added."""
    added = 0
    for product in (
        Product.objects.filter(status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED)
        .select_related("vendor")
        .order_by("-published_at", "-id")[:products]  # the first page of the product list
    ):
        owner = _owner(product.vendor)
        if owner is None or Image.objects.filter(product=product).exists():
            continue
        data = drawing(product.name, (1600, 1200))
        product_image_add(product=product, upload=ContentFile(data, "demo.jpg"), actor=owner)
        added += 1
    approved = Vendor.objects.filter(status=VendorStatus.APPROVED)
    for vendor in approved.order_by("display_name", "id")[:storefronts]:  # as the list shows
        owner = _owner(vendor)
        if owner is None:
            continue
        for kind, size in ((ImageKind.LOGO, (400, 400)), (ImageKind.BANNER, (1600, 400))):
            if Image.objects.filter(vendor=vendor, kind=kind).exists():
                continue
            data = drawing(vendor.display_name, size, round_badge=kind == ImageKind.LOGO)
            vendor_image_set(
                vendor=vendor, kind=kind, upload=ContentFile(data, "demo.jpg"), actor=owner
            )
            added += 1
    return added
