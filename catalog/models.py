"""Catalogue models: the category tree, units, products, OCOP certificates, awards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.validators import validate_gtin
from core.indexes import ListIndex
from marketplace.models import Commune, Province, Vendor
from media.storage import get_private_storage


class CategoryKind(models.TextChoices):
    OCOP = "ocop", _("OCOP sector")
    RURAL_INDUSTRY = "rural_industry", _("Rural-industry product group")


class Category(models.Model):
    """A node of the category tree.

    `path` is the chain of slugs from the root ("thuc-pham/thuc-pham-tuoi-song/"), kept by
    catalog.services.categories so "this category and its descendants" is one indexed prefix
    match.
    """

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices)

    class Meta:
        ordering = ["path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_REVIEW = "pending_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Availability(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    SEASONAL = "seasonal", _("Seasonal")
    PREORDER = "preorder", _("Made to order")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")


class Product(models.Model):
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="products", verbose_name=_("storefront")
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # VND, integers only. NULL exactly when the price is on request.
    price = models.PositiveBigIntegerField(_("price (VND)"), null=True, blank=True)
    price_on_request = models.BooleanField(_("price on request"), default=False)
    min_order_quantity = models.PositiveIntegerField(_("minimum order quantity"), default=1)
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.IN_STOCK,
    )
    origin_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("origin commune")
    )
    # Denormalised from origin_commune (communes never change province) for the filter.
    origin_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("origin province")
    )
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # The storefront's own reference (its ERP or partner id); bulk imports upsert by it.
    external_id = models.CharField(_("external id"), max_length=100, blank=True, default="")

    status = models.CharField(
        _("status"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Published reviews, kept by orders.services.reviews in the review's transaction (D136).
    rating_avg = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rating_count = models.PositiveIntegerField(_("reviews"), default=0)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProductStatus.values), name="product_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(price_on_request=True, price__isnull=True)
                | Q(price_on_request=False, price__isnull=False),
                name="product_price_xor_on_request",
            ),
            models.CheckConstraint(
                condition=Q(min_order_quantity__gte=1), name="product_moq_positive"
            ),
            models.UniqueConstraint(
                fields=["vendor", "external_id"],
                condition=~Q(external_id=""),
                name="product_vendor_external_id_unique",
            ),
        ]
        # The public list's orderings (catalog.api.filters.ORDERINGS), each served by a partial
        # index in exactly its order, nulls included (PostgreSQL reads a plain DESC index nulls
        # first): the page query walks the index and stops after a page, whatever the
        # catalogue size (D86). The storefront and province filters have their own for newest.
        indexes = [
            ListIndex(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="product_public_newest",
                condition=Q(status="published"),
                include=["vendor"],  # the deep page's id walk reads the index only (D211)
            ),
            ListIndex(
                F("price").asc(nulls_last=True),
                F("id").asc(),
                name="product_public_price",
                condition=Q(status="published"),
                include=["vendor"],  # the deep page's id walk reads the index only (D211)
            ),
            ListIndex(
                F("price").desc(nulls_last=True),
                F("id").asc(),
                name="product_public_price_desc",
                condition=Q(status="published"),
                include=["vendor"],  # the deep page's id walk reads the index only (D211)
            ),
            ListIndex(
                F("name").asc(),
                F("id").asc(),
                name="product_public_name",
                condition=Q(status="published"),
                include=["vendor"],  # the deep page's id walk reads the index only (D211)
            ),
            ListIndex(
                F("vendor"),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="product_public_vendor_newest",
                condition=Q(status="published"),
            ),
            ListIndex(
                F("origin_province"),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="product_public_province_newest",
                condition=Q(status="published"),
                include=["vendor"],  # the deep page's id walk reads the index only (D211)
            ),
            # A product's related products (the same category, newest: the site's product
            # page, D220) and the category filter of the newest list.
            ListIndex(
                F("category"),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="product_public_category_newest",
                condition=Q(status="published"),
            ),
            models.Index(fields=["vendor", "status"]),
        ]

    def __str__(self) -> str:
        return self.name


class CertificateStatus(models.TextChoices):
    PENDING_VERIFICATION = "pending_verification", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class IssuingLevel(models.TextChoices):
    DISTRICT = "district", _("District (before July 2025)")
    PROVINCE = "province", pgettext_lazy("issuing level", "Province")
    NATIONAL = "national", _("National")


class OcopCertificate(models.Model):
    """An OCOP star certificate (Decision 148/QD-TTg, amended by 1489/QD-TTg).

    Stars count only while `status` is verified AND today is before `expires_on`; reads compare
    the date themselves so nothing depends on the daily expiry task having run.
    """

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("product")
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("holder")
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    certificate_number = models.CharField(_("certificate number"), max_length=100)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issuing_level = models.CharField(
        _("issuing level"), max_length=10, choices=IssuingLevel.choices
    )
    issue_date = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"))
    # With the private originals (no URL): served through signed links only (catalog/scans.py).
    scan = models.FileField(
        _("scan"), upload_to="certificates/%Y/%m/", blank=True, storage=get_private_storage
    )

    status = models.CharField(
        _("status"),
        max_length=24,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING_VERIFICATION,
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    # When it last went to the moderators (recorded, or corrected after a rejection; D95).
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=3, stars__lte=5), name="ocop_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="ocop_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CertificateStatus.values), name="ocop_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issue_date")), name="ocop_expiry_after_issue"
            ),
        ]
        indexes = [models.Index(fields=["product", "status", "expires_on"])]

    def __str__(self) -> str:
        return f"OCOP {self.stars}★ {self.certificate_number}"


class AwardLevel(models.TextChoices):
    DISTRICT = "district", _("District (before 2025)")
    PROVINCE = "province", pgettext_lazy("issuing level", "Province")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class AwardRegion(models.TextChoices):
    NORTH = "north", _("North")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central and Highlands")
    SOUTH = "south", _("South")


class AwardProductGroup(models.TextChoices):
    HANDICRAFT = "handicraft", _("Handicrafts and fine arts")
    PROCESSED_FOOD = "processed_food", _("Processed agricultural, forestry and aquatic food")
    MACHINERY = "machinery", _("Machinery, tools and mechanical parts")
    OTHER = "other", _("Other products")


class AwardStatus(models.TextChoices):
    PENDING_VERIFICATION = "pending_verification", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")


class RuralIndustryAward(models.Model):
    """A typical rural-industry product recognition (Circular 26/2014/TT-BCT, amended 14/2018)."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="awards", verbose_name=_("product")
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="awards", verbose_name=_("producer")
    )
    level = models.CharField(_("level"), max_length=10, choices=AwardLevel.choices)
    region = models.CharField(_("region"), max_length=20, choices=AwardRegion.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    product_group = models.CharField(
        _("product group"), max_length=20, choices=AwardProductGroup.choices
    )
    issuer = models.CharField(_("issuing body"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=AwardStatus.choices,
        default=AwardStatus.PENDING_VERIFICATION,
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("rural-industry award")
        verbose_name_plural = _("rural-industry awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AwardStatus.values), name="award_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(level="regional") | ~Q(region=""), name="award_regional_has_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.year}: {self.product}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A bulk listings upload: the parsed rows, progress counters and the per-row report.

    Rows are kept as JSON (already parsed and size-checked on upload), so the task needs no
    file storage and a re-run reads exactly what was accepted.
    """

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("storefront")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # Set instead of uploaded_by when a partner client uploaded for a storefront that granted
    # it access.
    partner_client = models.ForeignKey(
        "partners.PartnerClient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner client"),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("file format"), max_length=4)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("rows in file"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("listings import")
        verbose_name_plural = _("listings imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="import_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.file_name} ({self.status})"
