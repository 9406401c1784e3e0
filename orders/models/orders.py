"""Checkouts, the orders they split into (one per storefront), lines and payments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orders.models.sales import PaymentMethod


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")


class OrderSequence(models.Model):
    """The last order number given in a month ("2612" → 123 makes GT-2612-000123)."""

    period = models.CharField(max_length=4, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("order number sequence")

    def __str__(self) -> str:
        return f"{self.period}: {self.last}"


class Checkout(models.Model):
    """One buyer's checkout: the orders it made, one per storefront."""

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="checkouts",
        verbose_name=_("buyer"),
    )
    total = models.PositiveBigIntegerField(_("total (VND)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Not a column: checkout_place's orders as it wrote them, for its answer (D217).
    placed_orders: "list[Order]"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    checkout = models.ForeignKey(
        Checkout, on_delete=models.PROTECT, related_name="orders", verbose_name=_("checkout")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("buyer"),
    )
    vendor = models.ForeignKey(
        "marketplace.Vendor",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("storefront"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices
    )
    # Delivery: personal data, shown only to the buyer, the storefront's members, moderators.
    recipient_name = models.CharField(_("recipient"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    province = models.ForeignKey("marketplace.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("marketplace.Commune", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(_("street address"), max_length=255)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Money, VND integers, computed by orders.services.pricing only.
    subtotal = models.PositiveBigIntegerField(_("goods (VND)"))
    shipping_fee = models.PositiveBigIntegerField(_("shipping (VND)"))
    total = models.PositiveBigIntegerField(_("total (VND)"))
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=100, blank=True)
    stock_returned = models.BooleanField(default=False)
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["buyer", "-placed_at"], name="order_buyer_placed"),
            models.Index(fields=["vendor", "status", "-placed_at"], name="order_vendor_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="order_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(payment_method__in=PaymentMethod.values),
                name="order_payment_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("shipping_fee")),
                name="order_total_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    # Snapshots: what the buyer agreed to, whatever the product becomes later.
    product_name = models.CharField(_("product name"), max_length=255)
    unit_name = models.CharField(_("unit"), max_length=50)
    unit_price = models.PositiveBigIntegerField(_("unit price (VND)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.PositiveBigIntegerField(_("line total (VND)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity"),
            models.CheckConstraint(
                condition=Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="order_line_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"


class Payment(models.Model):
    """How an order is paid; one per order."""

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="payment", verbose_name=_("order")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    # Online payments left unpaid past this moment expire (orders.tasks).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # The gateway's transaction number (VNPay vnp_TransactionNo) or the bank reference.
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="payment_pending_expiry",
                condition=Q(status="pending", expires_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PaymentStatus.values), name="payment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=PaymentMethod.values), name="payment_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.method} {self.status}"
