"""Reads on images. Lists attach images with two prefetch queries (images, then their
renditions), whatever the number of rows."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from catalog.models import Product
from marketplace.models import Vendor
from media.models import Image, ImageKind, Rendition


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
