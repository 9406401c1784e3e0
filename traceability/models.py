"""Lots of a product and their traceability events (TCVN 12850:2019 after GS1: identify the lot,
capture what happened to it, share it through a public trace record).

A lot's `code` is the producer's own batch/lot number (GS1 application identifier 10), unique per
product; its `public_code` is the exchange-issued, unguessable short code of the trace URL
(`/t/{public_code}`, `GET /api/v1/trace/{public_code}/`). Lifecycle: draft → published →
recalled (D153). Events of a published lot are append-only: a correction is a new event that
names the one it corrects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, Unit
from marketplace.models import Commune


class LotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RECALLED = "recalled", _("Recalled")


class Lot(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="lots", verbose_name=_("product")
    )
    code = models.CharField(_("lot code"), max_length=20)
    public_code = models.CharField(_("trace code"), max_length=16, unique=True)
    produced_on = models.DateField(_("production or harvest date"))
    best_before = models.DateField(_("best before"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("unit"),
    )
    origin_commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("origin commune"),
    )
    origin_place = models.CharField(_("farm or production area"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=LotStatus.choices, default=LotStatus.DRAFT
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-produced_on", "-id"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="lot_code_unique_per_product"),
            models.CheckConstraint(
                condition=Q(status__in=LotStatus.values), name="lot_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(best_before__isnull=True) | Q(best_before__gt=F("produced_on")),
                name="lot_best_before_after_production",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.code}"


class EventKind(models.TextChoices):
    SOWING = "sowing", _("Sowing or planting")
    CARE = "care", _("Care (fertiliser, spraying)")
    HARVEST = "harvest", _("Harvest")
    PROCESSING = "processing", _("Processing")
    PACKING = "packing", _("Packing")
    INSPECTION = "inspection", _("Inspection")
    SHIPPING = "shipping", _("Shipping")
    OTHER = "other", _("Other")


class LotEvent(models.Model):
    """One step of the lot's story: what (kind, description), when, who, where."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    actor_name = models.CharField(_("who"), max_length=255)
    place = models.CharField(_("where"), max_length=255, blank=True)
    description = models.TextField(_("what"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("traceability event")
        verbose_name_plural = _("traceability events")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="lot_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"


class LotOrderLine(models.Model):
    """Which lot an order line was filled from, recorded by the storefront when it ships: the
    buyers a recall must reach (D158). One lot per line; the orders app knows nothing of it."""

    order_line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.CASCADE, related_name="+", verbose_name=_("order line")
    )
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="order_lines", verbose_name=_("lot")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("lot of an order line")
        verbose_name_plural = _("lots of order lines")

    def __str__(self) -> str:
        return f"{self.order_line_id} ← {self.lot_id}"


class LotScanDay(models.Model):
    """How many times a lot's trace record was opened from its QR on one day (Asia/Ho_Chi_Minh).
    Scans are counted in the cache and added here by a task (traceability.scans, D169): no row
    is written per scan, and nothing about the person scanning is kept."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField(_("day"))
    count = models.PositiveBigIntegerField(_("scans"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("scans of a lot on a day")
        verbose_name_plural = _("scans of lots by day")
        constraints = [
            models.UniqueConstraint(fields=["lot", "day"], name="lot_scan_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lot_id} {self.day}: {self.count}"


class LotSerialScan(models.Model):
    """How many times one serial-numbered stamp of a lot was scanned, all days together, and the
    last day it was (Asia/Ho_Chi_Minh). Counted in the cache and added here by the same task as
    LotScanDay (D169, D173): no row per scan, nothing about the person scanning. A serial
    scanned far more than the lot's others is shown as a possibly copied stamp."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="serial_scans")
    serial = models.PositiveIntegerField(_("serial number"))
    count = models.PositiveBigIntegerField(_("scans"), default=0)
    last_scanned_on = models.DateField(_("last scanned on"))

    class Meta:
        verbose_name = _("scans of a serial-numbered stamp")
        verbose_name_plural = _("scans of serial-numbered stamps")
        constraints = [
            models.UniqueConstraint(fields=["lot", "serial"], name="lot_serial_scan_unique"),
        ]
        indexes = [models.Index(fields=["lot", "count"], name="lot_serial_scan_count")]

    def __str__(self) -> str:
        return f"{self.lot_id}/{self.serial}: {self.count}"
