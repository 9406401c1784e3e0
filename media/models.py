"""Images and their renditions.

An `Image` is one uploaded picture with one owner: a product's gallery (ordered, exactly one
primary while the gallery is not empty), a storefront's logo or banner (one of each), or an
attachment: a picture a person attached to something of another app (a review, a complaint),
owned by its uploader (`created_by`), with no storefront, which that app links to (D162). Its
original is re-encoded without metadata and kept in private storage; `Rendition`s (one per
width spec and format) are public files under MEDIA_URL, made by media.tasks after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from marketplace.models import Vendor
from media.storage import get_private_storage


class ImageKind(models.TextChoices):
    GALLERY = "gallery", _("Product gallery")
    LOGO = "logo", _("Storefront logo")
    BANNER = "banner", _("Storefront banner")
    ATTACHMENT = "attachment", _("Attached picture")


class ImageStatus(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ImageFormat(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    WEBP = "webp", "WebP"


class RenditionFormat(models.TextChoices):
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"


class Image(models.Model):
    # Gallery, logo and banner images belong to a storefront (the owner whose members may
    # change them); gallery images also name their product. Attachments have neither.
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("storefront"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("product"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImageKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_primary = models.BooleanField(_("primary"), default=False)
    # Random, changes on every replacement: rendition URLs cannot be guessed and never serve
    # a stale picture from a cache.
    key = models.CharField(max_length=32, unique=True, editable=False)
    original = models.FileField(
        _("original"), storage=get_private_storage, max_length=255, editable=False
    )
    format = models.CharField(_("format"), max_length=4, choices=ImageFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    bytes = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=ImageStatus.choices, default=ImageStatus.PROCESSING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImageKind.values), name="image_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ImageStatus.values), name="image_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=ImageFormat.values), name="image_format_valid"
            ),
            # A gallery image has a product; a logo or banner has none and is never "primary";
            # an attachment has neither a product nor a storefront.
            models.CheckConstraint(
                condition=Q(kind=ImageKind.GALLERY, product__isnull=False, vendor__isnull=False)
                | Q(
                    kind__in=[ImageKind.LOGO, ImageKind.BANNER],
                    product__isnull=True,
                    vendor__isnull=False,
                    is_primary=False,
                )
                | Q(
                    kind=ImageKind.ATTACHMENT,
                    product__isnull=True,
                    vendor__isnull=True,
                    is_primary=False,
                ),
                name="image_owner_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(is_primary=True), name="image_one_primary"
            ),
            models.UniqueConstraint(
                fields=["vendor", "kind"],
                condition=Q(kind__in=[ImageKind.LOGO, ImageKind.BANNER]),
                name="image_one_logo_one_banner",
            ),
        ]
        indexes = [models.Index(fields=["product", "position"])]

    def __str__(self) -> str:
        if self.product_id:
            owner = f"product {self.product_id}"
        elif self.vendor_id:
            owner = f"storefront {self.vendor_id}"
        else:
            owner = f"attached by user {self.created_by_id}"
        return f"{self.get_kind_display()} #{self.pk} ({owner})"


class Rendition(models.Model):
    """One public derivative of an image: a width spec ("w480") in one format."""

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("image")
    )
    spec = models.CharField(_("spec"), max_length=20)
    format = models.CharField(_("format"), max_length=4, choices=RenditionFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    file = models.FileField(_("file"), max_length=255)
    bytes = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["width", "format"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format"], name="rendition_unique_spec"
            ),
            models.CheckConstraint(
                condition=Q(format__in=RenditionFormat.values), name="rendition_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spec}.{self.format} of image {self.image_id}"
