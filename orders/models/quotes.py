"""Quotes: a storefront's priced answer to an inquiry, which the buyer may accept as an order."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QuoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Quote(models.Model):
    inquiry = models.ForeignKey(
        "orders.Inquiry", on_delete=models.PROTECT, related_name="quotes", verbose_name=_("inquiry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.OPEN
    )
    status_reason = models.TextField(_("reason"), blank=True)
    shipping_fee = models.PositiveBigIntegerField(_("shipping fee (VND)"), default=0)
    valid_until = models.DateField(
        _("valid until"), help_text=_("The last day (Asia/Ho_Chi_Minh) it may be accepted.")
    )
    note = models.TextField(_("note"), blank=True)
    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote",
        verbose_name=_("order"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuoteStatus.values), name="quote_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"


class QuoteLine(models.Model):
    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="lines", verbose_name=_("quote")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.PositiveBigIntegerField(_("unit price (VND)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="quote_line_quantity_positive"
            ),
            models.UniqueConstraint(fields=["quote", "product"], name="quote_line_product_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
