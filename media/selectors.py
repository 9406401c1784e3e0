"""Reads on images. Lists attach images with a fixed number of queries whatever the number of
rows: product cards one (the pictures joined to their renditions, gallery_rows, D249),
storefronts and the prefetches two (images, then their renditions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch, QuerySet

from catalog.models import Product
from core.compiled import CompiledRows
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


IMAGE_COLUMNS = (
    "id", "product_id", "vendor_id", "kind", "position", "is_primary", "status", "width", "height",
    "updated_at",
)  # fmt: skip
RENDITION_COLUMNS = ("image_id", "spec", "format", "width", "height", "file")
ImageRows = tuple[list[dict[str, Any]], dict[int, list[tuple[Any, ...]]]]


def _image_rows(images: QuerySet[Image]) -> ImageRows:
    rows = list(images.order_by("position", "id").values(*IMAGE_COLUMNS))
    ready = [row["id"] for row in rows if row["status"] == ImageStatus.READY]
    renditions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if ready:
        found = (
            Rendition.objects.filter(image_id__in=ready)
            .order_by("width", "format")
            .values_list(*RENDITION_COLUMNS)
        )
        for rendition in found:
            renditions[rendition[0]].append(rendition)
    return rows, renditions


# A gallery picture and one of its renditions (None's when it has none) per row, pictures in
# gallery order, each one's renditions narrowest first (gallery_rows).
_JOINED_RENDITIONS = tuple(f"renditions__{column}" for column in RENDITION_COLUMNS[1:])


def _gallery_values(ids: list[int], day: object) -> QuerySet[Any]:
    return (
        Image.objects.filter(product_id__in=ids, kind=ImageKind.GALLERY)
        .order_by("position", "id", "renditions__width", "renditions__format", "renditions__id")
        .values(*IMAGE_COLUMNS, *_JOINED_RENDITIONS)
    )


_gallery_joined = CompiledRows(_gallery_values)


def gallery_rows(product_ids: Collection[int]) -> ImageRows:
    """The gallery pictures of these products as plain rows of IMAGE_COLUMNS (in gallery
    order), and the renditions of the ready ones as tuples of RENDITION_COLUMNS by picture id,
    narrowest first: one statement for a whole page, the pictures left-joined to their
    renditions and compiled once per process (core.compiled, D249), no model instance and no
    queryset per picture (a Django prefetch builds both, and it was a third of a product page's
    CPU). A picture not ready shows no rendition. Read from the primary."""
    rows: list[dict[str, Any]] = []
    renditions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    last = None
    for row in _gallery_joined(list(product_ids), using=DEFAULT_DB_ALIAS):
        image_id = row["id"]
        if image_id != last:
            last = image_id
            rows.append({column: row[column] for column in IMAGE_COLUMNS})
        spec = row["renditions__spec"]
        if spec is not None and row["status"] == ImageStatus.READY:
            renditions[image_id].append((image_id, *(row[column] for column in _JOINED_RENDITIONS)))
    return rows, renditions


def brand_rows(vendor_ids: Collection[int]) -> ImageRows:
    """The logos and banners of these storefronts, as gallery_rows gives pictures."""
    if not vendor_ids:
        return [], {}
    return _image_rows(
        Image.objects.filter(vendor_id__in=vendor_ids, kind__in=[ImageKind.LOGO, ImageKind.BANNER])
    )


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
