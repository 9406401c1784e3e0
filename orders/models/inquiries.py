"""Buyer inquiries (lien he / bao gia) about a product, and their message threads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Inquiry(models.Model):
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("product"),
    )
    # Denormalised from the product so "my storefront's inquiries" is one indexed filter.
    vendor = models.ForeignKey(
        "marketplace.Vendor",
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("storefront"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("buyer"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        # Tables keep the names they had when inquiries lived in `marketplace` (D81).
        db_table = "marketplace_inquiry"
        ordering = ["-updated_at", "-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [
            models.Index(fields=["vendor", "-updated_at"], name="marketplace_vendor__2f0372_idx"),
            models.Index(fields=["buyer", "-updated_at"], name="marketplace_buyer_i_e4aec8_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InquiryStatus.values), name="inquiry_status_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="inquiry_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.product_id}"


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="messages", verbose_name=_("inquiry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    from_vendor = models.BooleanField(_("from the storefront"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        db_table = "marketplace_inquirymessage"
        ordering = ["created_at", "id"]
        verbose_name = _("inquiry message")
        verbose_name_plural = _("inquiry messages")

    def __str__(self) -> str:
        return self.body[:50]
