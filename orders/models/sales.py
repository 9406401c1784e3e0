"""What a storefront sells on: its payment methods, bank account, shipping fee; stock counts."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer (VietQR)")
    VNPAY = "vnpay", _("VNPay")


class StorefrontSales(models.Model):
    """A storefront's terms of sale. A storefront without a row sells cash on delivery with
    free shipping (the defaults below)."""

    vendor = models.OneToOneField(
        "marketplace.Vendor",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sales",
        verbose_name=_("storefront"),
    )
    accepts_cod = models.BooleanField(_("accepts cash on delivery"), default=True)
    accepts_bank_transfer = models.BooleanField(_("accepts bank transfer"), default=False)
    accepts_vnpay = models.BooleanField(_("accepts VNPay"), default=False)
    # The bank's 6-digit NAPAS BIN (e.g. 970436 Vietcombank) and the account number.
    bank_bin = models.CharField(_("bank BIN"), max_length=6, blank=True)
    bank_account = models.CharField(_("bank account number"), max_length=19, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=100, blank=True)
    shipping_fee = models.PositiveBigIntegerField(_("shipping fee (VND)"), default=0)
    # Orders whose goods total reaches this ship free; NULL: never free.
    free_shipping_over = models.PositiveBigIntegerField(
        _("free shipping from (VND)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("terms of sale")
        verbose_name_plural = _("terms of sale")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepts_bank_transfer=False)
                | (Q(bank_bin__regex=r"^[0-9]{6}$") & ~Q(bank_account="")),
                name="sales_bank_transfer_has_account",
            ),
        ]

    def __str__(self) -> str:
        return str(self.vendor_id)

    def methods(self) -> list[str]:
        return [
            m
            for m, on in (
                (PaymentMethod.COD, self.accepts_cod),
                (PaymentMethod.BANK_TRANSFER, self.accepts_bank_transfer),
                (PaymentMethod.VNPAY, self.accepts_vnpay),
            )
            if on
        ]


class ProductStock(models.Model):
    """Units on hand for a product that counts its stock. No row: made to order, unlimited."""

    product = models.OneToOneField(
        "catalog.Product",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stock",
        verbose_name=_("product"),
    )
    quantity = models.PositiveIntegerField(_("units on hand"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.quantity}"
