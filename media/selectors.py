"""Reads on images. Lists attach images with two queries (images, then their renditions),
whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from django.db.models import Prefetch, QuerySet

from catalog.models import Product
from marketplace.models import Vendor
from media.models import Image, ImageKind, ImageStatus, Rendition


def image_queryset() -> QuerySet[Image]:
    return Image.objects.prefetch_related(
        Prefetch("renditions", queryset=Rendition.objects.order_by("width", "format"))
    )


def product_gallery_prefetch(lookup: str = "images") -> Prefetch:
    """Attach `gallery` (ordered, with renditions) to each product."""
    return Prefetch(
        lookup,
        queryset=image_queryset().filter(kind=ImageKind.GALLERY).order_by("position", "id"),
        to_attr="gallery",
    )


def vendor_brand_prefetch(lookup: str = "images") -> Prefetch:
    """Attach `brand_images` (logo and banner, with renditions) to each storefront."""
    return Prefetch(
        lookup,
        queryset=image_queryset().filter(kind__in=[ImageKind.LOGO, ImageKind.BANNER]),
        to_attr="brand_images",
    )


def product_gallery(product: Product) -> list[Image]:
    cached = getattr(product, "gallery", None)
    if cached is not None:
        return list(cached)
    return list(
        image_queryset().filter(product=product, kind=ImageKind.GALLERY).order_by("position", "id")
    )


GALLERY_COLUMNS = ("id", "product_id", "position", "is_primary", "status", "width", "height")
RENDITION_COLUMNS = ("image_id", "spec", "format", "width", "height", "file")


def gallery_rows(
    product_ids: Collection[int],
) -> tuple[list[dict[str, Any]], dict[int, list[tuple[Any, ...]]]]:
    """The gallery pictures of these products as plain rows (in gallery order, `updated_at`
    too), and the renditions of the ready ones as tuples of RENDITION_COLUMNS by picture id,
    narrowest first: two queries for a whole page, no model instance and no queryset per
    picture (a Django prefetch builds both, and it was a third of a product page's CPU)."""
    if not product_ids:
        return [], {}
    images = list(
        Image.objects.filter(product_id__in=product_ids, kind=ImageKind.GALLERY)
        .order_by("position", "id")
        .values(*GALLERY_COLUMNS, "updated_at")
    )
    ready = [row["id"] for row in images if row["status"] == ImageStatus.READY]
    renditions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if ready:
        rows = (
            Rendition.objects.filter(image_id__in=ready)
            .order_by("width", "format")
            .values_list(*RENDITION_COLUMNS)
        )
        for row in rows:
            renditions[row[0]].append(row)
    return images, renditions


def vendor_brand_image(vendor: Vendor, kind: str) -> Image | None:
    cached = getattr(vendor, "brand_images", None)
    if cached is None:
        cached = list(image_queryset().filter(vendor=vendor, kind__in=[kind]))
    return next((image for image in cached if image.kind == kind), None)


def product_image_get(product: Product, image_id: int) -> Image | None:
    return (
        image_queryset()
        .select_related("product__vendor", "vendor")
        .filter(product=product, kind=ImageKind.GALLERY, pk=image_id)
        .first()
    )
