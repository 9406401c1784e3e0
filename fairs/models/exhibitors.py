"""Storefronts applying to exhibit at a fair: booths held, the waiting list, the showcase."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from fairs.models.fairs import BoothType, Fair
from marketplace.models import Vendor


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved (booth held)")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")


# Applications that hold booths of their booth type.
HOLDING_STATUSES = frozenset(
    {ApplicationStatus.APPROVED, ApplicationStatus.CONFIRMED, ApplicationStatus.CHECKED_IN}
)
# Applications that block the same storefront from applying again to the same fair.
ACTIVE_STATUSES = HOLDING_STATUSES | {ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED}


class ExhibitorApplication(models.Model):
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="applications", verbose_name=_("fair")
    )
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        related_name="fair_applications",
        verbose_name=_("storefront"),
    )
    booth_type = models.ForeignKey(
        BoothType,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("booth type"),
    )
    quantity = models.PositiveSmallIntegerField(_("number of booths"), default=1)
    products = models.ManyToManyField(
        Product,
        through="ShowcaseItem",
        related_name="fair_applications",
        verbose_name=_("products shown"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    contact_email = models.EmailField(_("contact email"))
    note = models.TextField(_("note to the organizer"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    # Waiting-list order is (waitlisted_at, id), stamped under the booth type's lock.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    booth_number = models.CharField(_("booth number"), max_length=40, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fair", "submitted_at", "id"]
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="application_quantity_min_1"),
            models.UniqueConstraint(
                fields=["fair", "vendor"],
                condition=Q(status__in=sorted(s.value for s in ACTIVE_STATUSES)),
                name="application_one_active_per_vendor",
            ),
            models.UniqueConstraint(
                fields=["fair", "booth_number"],
                condition=~Q(booth_number=""),
                name="application_booth_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(booth_number="")
                | Q(status__in=sorted(s.value for s in HOLDING_STATUSES)),
                name="application_booth_number_only_when_held",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="application_waitlisted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["booth_type", "status"]),
            models.Index(fields=["fair", "status"]),
            models.Index(fields=["booth_type", "status", "waitlisted_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} @ {self.fair}"


class ShowcaseItem(models.Model):
    """One of the storefront's products it will show at the fair (its online showcase)."""

    application = models.ForeignKey(
        ExhibitorApplication,
        on_delete=models.CASCADE,
        related_name="showcase_items",
        verbose_name=_("application"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="showcase_items", verbose_name=_("product")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["application", "position", "id"]
        verbose_name = _("showcase product")
        verbose_name_plural = _("showcase products")
        constraints = [
            models.UniqueConstraint(fields=["application", "product"], name="showcase_item_unique")
        ]

    def __str__(self) -> str:
        return str(self.product)
