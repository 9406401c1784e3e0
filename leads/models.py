"""Trade leads (tin mua / tin bán, issue 14): a buyer's buy lead, a storefront's sell lead, the
offers storefronts answer buy leads with, and the daily digest of matching leads (D145–D148)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, Unit
from marketplace.models import Commune, Province, Vendor


class LeadKind(models.TextChoices):
    BUY = "buy", _("Buy lead")
    SELL = "sell", _("Sell lead")


class LeadStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class Lead(models.Model):
    """A buy or sell lead. "Expired" is no status: a published lead whose `expires_on` has come
    (today in Asia/Ho_Chi_Minh) is left out of every read (leads.selectors, D146)."""

    kind = models.CharField(_("kind"), max_length=4, choices=LeadKind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    quantity = models.PositiveBigIntegerField(_("quantity"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # VND per unit; NULL exactly when the price is negotiable.
    target_price = models.PositiveBigIntegerField(_("target price (VND)"), null=True, blank=True)
    negotiable = models.BooleanField(_("negotiable"), default=False)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="leads",
        verbose_name=_("posted by"),
    )
    # The storefront of a sell lead; none for a buy lead.
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("storefront"),
    )
    products = models.ManyToManyField(
        Product, blank=True, related_name="leads", verbose_name=_("products")
    )
    # Title, description, category and places folded (core.text.fold): what
    # /api/v1/search/leads/?q= matches, the same way on SQLite and PostgreSQL (D149).
    search_folded = models.TextField(default="", blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.PENDING
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    # Partners were told it expired (`lead.expired`, leads.services.leads_expired_announce).
    expiry_announced = models.BooleanField(default=False, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("trade lead")
        verbose_name_plural = _("trade leads")
        indexes = [
            models.Index(fields=["status", "expires_on"], name="lead_status_expiry"),
            models.Index(fields=["status", "-published_at"], name="lead_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeadStatus.values), name="lead_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=LeadKind.values), name="lead_kind_valid"),
            models.CheckConstraint(
                condition=Q(target_price__isnull=True, negotiable=True)
                | Q(target_price__isnull=False, negotiable=False),
                name="lead_price_or_negotiable",
            ),
            models.CheckConstraint(
                condition=Q(kind=LeadKind.BUY, vendor__isnull=True)
                | Q(kind=LeadKind.SELL, vendor__isnull=False),
                name="lead_sell_has_storefront",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="lead_quantity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class LeadOffer(models.Model):
    """A storefront's answer to a buy lead: it opened `inquiry`, a thread with the buyer."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="offers")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="lead_offers")
    inquiry = models.OneToOneField(
        "orders.Inquiry", on_delete=models.PROTECT, related_name="lead_offer"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead offer")
        verbose_name_plural = _("lead offers")
        constraints = [
            models.UniqueConstraint(fields=["lead", "vendor"], name="lead_offer_once_per_vendor")
        ]

    def __str__(self) -> str:
        return f"{self.vendor_id} → {self.lead_id}"


class LeadMatch(models.Model):
    """A published buy lead that fits a storefront's products; `digested_on` is the day its
    digest e-mail went out (NULL while it waits), so a storefront gets at most one a day."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="matches")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="lead_matches")
    same_province = models.BooleanField(default=False)
    digested_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "vendor"], name="lead_match_once")]
        indexes = [models.Index(fields=["vendor", "digested_on"], name="lead_match_digest")]

    def __str__(self) -> str:
        return f"{self.lead_id} ↔ {self.vendor_id}"


class LeadAlertSetting(models.Model):
    """A member's choice about the daily digest of matching leads (on unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lead_alerts"
    )
    digest = models.BooleanField(_("daily digest of matching leads"), default=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"
