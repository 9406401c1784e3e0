"""Image serializers: uploads in, images with their renditions out."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.renderers import json_datetime
from core.site import site_url
from marketplace.models import Vendor
from media.models import Image, ImageStatus, Rendition, RenditionFormat
from media.selectors import brand_rows, gallery_rows, vendor_brand_image


def absolute_url(url: str) -> str:
    """Storage URLs made absolute with SITE_URL (object stores already give absolute ones)."""
    return urljoin(site_url() + "/", url) if url.startswith("/") else url


class RenditionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    format = serializers.ChoiceField(choices=RenditionFormat.choices)

    class Meta:
        model = Rendition
        fields = ["spec", "format", "width", "height", "url"]

    def get_url(self, obj: Rendition) -> str:
        return absolute_url(obj.file.url)


class ImageSerializer(serializers.ModelSerializer):
    """A picture: `status` is "processing" until its renditions exist, then "ready"."""

    status = serializers.ChoiceField(choices=ImageStatus.choices)
    renditions = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = ["id", "status", "width", "height", "renditions", "updated_at"]

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, obj: Image) -> list[dict[str, Any]]:
        if obj.status != ImageStatus.READY:
            return []
        return RenditionSerializer(obj.renditions.all(), many=True).data  # type: ignore[return-value]


class GalleryImageSerializer(ImageSerializer):
    class Meta(ImageSerializer.Meta):
        fields = ["id", "position", "is_primary", *ImageSerializer.Meta.fields[1:]]


class ImageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("A JPEG, PNG or WebP picture, judged by its content (at most 10 MB).")
    )
    is_primary = serializers.BooleanField(required=False, default=False)
    position = serializers.IntegerField(required=False, min_value=0, max_value=1000)


class ImageFileSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("A JPEG, PNG or WebP picture, judged by its content (at most 10 MB).")
    )


class ImageUpdateSerializer(serializers.Serializer):
    position = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    is_primary = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give a position or is_primary."))
        return attrs


# The read side as plain functions (issue 11): hot lists render every product's gallery, and a
# serializer instance per picture and per rendition cost more than the rest of the row. The
# serializer classes above stay the schema (drf-spectacular) and the reference the functions
# are tested against (tests/media/test_render.py: equal output for every case).


@lru_cache(maxsize=16)
def _url_prefix(base_url: str, site_url: str) -> str | None:
    """What absolute_url(storage.url(name)) puts before a plain name, found with a probe name;
    None when the storage's URL is not a plain prefix."""
    probe = urljoin(base_url, "p")
    probe = urljoin(site_url.rstrip("/") + "/", probe) if probe.startswith("/") else probe
    return probe[:-1] if probe.endswith("/p") else None


def rendition_url(rendition: Rendition) -> str:
    """absolute_url(rendition.file.url), without two urljoin calls per rendition on the file
    system storage: a page of 20 products has ~240 renditions, and the joins were half of its
    rendering. A name urljoin would rewrite (empty, dot segments, doubled slashes) and any other
    storage take the general path; tests/test_render_lists.py compares the two."""
    file = rendition.file
    storage = file.storage
    if file.name and storage.__class__ is FileSystemStorage and storage.base_url is not None:
        path = filepath_to_uri(file.name).lstrip("/")
        prefix = _url_prefix(storage.base_url, site_url())
        if prefix is not None and path and "//" not in path and "/." not in "/" + path:
            return prefix + path
    return absolute_url(file.url)


def rendition_data(rendition: Rendition) -> dict[str, Any]:
    return {
        "spec": rendition.spec,
        "format": rendition.format,
        "width": rendition.width,
        "height": rendition.height,
        "url": rendition_url(rendition),
    }


def _renditions(image: Image) -> list[dict[str, Any]]:
    if image.status != ImageStatus.READY:
        return []
    return [rendition_data(r) for r in image.renditions.all()]


def image_data(image: Image | None) -> dict[str, Any] | None:
    """ImageSerializer(image).data, without the serializer."""
    if image is None:
        return None
    return {
        "id": image.id,
        "status": image.status,
        "width": image.width,
        "height": image.height,
        "renditions": _renditions(image),
        "updated_at": json_datetime(image.updated_at),
    }


def gallery_image_data(image: Image) -> dict[str, Any]:
    """GalleryImageSerializer(image).data, without the serializer."""
    return {
        "id": image.id,
        "position": image.position,
        "is_primary": image.is_primary,
        "status": image.status,
        "width": image.width,
        "height": image.height,
        "renditions": _renditions(image),
        "updated_at": json_datetime(image.updated_at),
    }


def gallery_data(images: list[Image]) -> list[dict[str, Any]]:
    return [gallery_image_data(image) for image in images]


def _name_url() -> Callable[[str], str]:
    """A function from a rendition's file name to its absolute URL, what rendition_url gives
    for a rendition with that name."""
    storage = Rendition._meta.get_field("file").storage
    real = getattr(storage, "_wrapped", storage)
    base_url = getattr(real, "base_url", None)
    prefix = (
        _url_prefix(base_url, site_url())
        if real.__class__ is FileSystemStorage and base_url is not None
        else None
    )

    def url(name: str) -> str:
        if prefix is not None and name:
            path = filepath_to_uri(name).lstrip("/")
            if path and "//" not in path and "/." not in "/" + path:
                return prefix + path
        return absolute_url(storage.url(name))

    return url


def _row_data(image: dict[str, Any], renditions: Any, url: Callable[[str], str]) -> dict[str, Any]:
    """image_data() of a picture read as a row (media.selectors: IMAGE_COLUMNS)."""
    return {
        "id": image["id"],
        "status": image["status"],
        "width": image["width"],
        "height": image["height"],
        "renditions": [
            {"spec": spec, "format": fmt, "width": w, "height": h, "url": url(name)}
            for _, spec, fmt, w, h, name in renditions.get(image["id"], ())
        ],
        "updated_at": json_datetime(image["updated_at"]),
    }


def galleries_data(product_ids: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    """gallery_data(product_gallery(p)) for every product of a page at once, from plain rows
    (media.selectors.gallery_rows: one statement, D249): products without pictures are absent."""
    images, renditions = gallery_rows(product_ids)
    url = _name_url()
    galleries: dict[int, list[dict[str, Any]]] = {}
    for image in images:
        data = _row_data(image, renditions, url)
        galleries.setdefault(image["product_id"], []).append(
            {"id": data.pop("id"), "position": image["position"], "is_primary": image["is_primary"]}
            | data
        )
    return galleries


def brands_data(vendor_ids: Collection[int]) -> dict[int, dict[str, dict[str, Any] | None]]:
    """{"logo": vendor_brand_data(v, "logo"), "banner": …} for every storefront of a page at
    once, from plain rows (media.selectors.brand_rows); storefronts without either are absent."""
    images, renditions = brand_rows(vendor_ids)
    url = _name_url()
    brands: dict[int, dict[str, dict[str, Any] | None]] = {}
    for image in images:
        brand = brands.setdefault(image["vendor_id"], {"logo": None, "banner": None})
        if brand[image["kind"]] is None:  # the first by position, as vendor_brand_image picks
            brand[image["kind"]] = _row_data(image, renditions, url)
    return brands


def vendor_brand_data(vendor: Vendor, kind: str) -> dict[str, Any] | None:
    """A storefront's logo ("logo") or banner ("banner") as the API shows it, or None."""
    return image_data(vendor_brand_image(vendor, kind))
