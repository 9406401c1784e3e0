"""Image serializers: uploads in, images with their renditions out."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.models import Vendor
from media.models import Image, ImageStatus, Rendition, RenditionFormat
from media.selectors import vendor_brand_image


def absolute_url(url: str) -> str:
    """Storage URLs made absolute with SITE_URL (object stores already give absolute ones)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url) if url.startswith("/") else url


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


def gallery_data(images: list[Image]) -> list[dict[str, Any]]:
    return GalleryImageSerializer(images, many=True).data  # type: ignore[return-value]


def image_data(image: Image | None) -> dict[str, Any] | None:
    return ImageSerializer(image).data if image is not None else None


def vendor_brand_data(vendor: Vendor, kind: str) -> dict[str, Any] | None:
    """A storefront's logo ("logo") or banner ("banner") as the API shows it, or None."""
    return image_data(vendor_brand_image(vendor, kind))
