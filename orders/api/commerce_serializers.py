"""Serializers of the cart, checkout, orders and payments (what buyers and storefronts see)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.validators import normalize_phone, validate_phone
from orders.models import Order, OrderLine, OrderStatus, PaymentMethod, PaymentStatus

# --- the cart ------------------------------------------------------------------------------


class CartAddSerializer(serializers.Serializer):
    product = serializers.SlugField(help_text="The product's slug.")
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)


class CartChangeSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)


class CartProductSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    min_order_quantity = serializers.IntegerField()
    stock = serializers.IntegerField(allow_null=True, help_text="Units left; null: not counted.")


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = CartProductSerializer()
    quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField(help_text="Today's price, VND.")
    price_seen = serializers.IntegerField(help_text="The price when the line was last put.")
    line_total = serializers.IntegerField()
    changes = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[
                "price_changed",
                "withdrawn",
                "storefront_unavailable",
                "out_of_stock",
                "below_minimum",
            ]
        )
    )


class CartVendorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    status = serializers.CharField()


class ShippingSerializer(serializers.Serializer):
    fee = serializers.IntegerField()
    free_over = serializers.IntegerField(allow_null=True)


class CartGroupSerializer(serializers.Serializer):
    vendor = CartVendorSerializer()
    payment_methods = serializers.ListField(child=serializers.ChoiceField(PaymentMethod.choices))
    shipping = ShippingSerializer()
    lines = CartLineSerializer(many=True)
    subtotal = serializers.IntegerField()
    shipping_fee = serializers.IntegerField()
    total = serializers.IntegerField()


class CartSerializer(serializers.Serializer):
    storefronts = CartGroupSerializer(many=True)
    total = serializers.IntegerField()
    changed = serializers.BooleanField()
    can_checkout = serializers.BooleanField()


# --- checkout -------------------------------------------------------------------------------


class CheckoutLineSerializer(serializers.Serializer):
    product = serializers.SlugField()
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)


class CheckoutSerializer(serializers.Serializer):
    lines = CheckoutLineSerializer(
        many=True,
        required=False,
        help_text="Buy these lines; without it, the cart is checked out.",
    )
    recipient_name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=20, validators=[validate_phone])
    province = serializers.IntegerField(help_text="Province code (2025 units).")
    commune = serializers.IntegerField(help_text="Commune code (2025 units).")
    street = serializers.CharField(max_length=255)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    payment_method = serializers.ChoiceField(
        PaymentMethod.choices, required=False, help_text="For every storefront…"
    )
    payment_methods = serializers.DictField(
        child=serializers.ChoiceField(PaymentMethod.choices),
        required=False,
        help_text="…or per storefront: {storefront slug: method}.",
    )

    def validate_phone(self, value: str) -> str:
        return normalize_phone(value)

    def validate_lines(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError(_("Order at least one line."))
        if len(value) > 100:
            raise serializers.ValidationError(_("At most 100 lines in one checkout."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("payment_method") and not attrs.get("payment_methods"):
            raise serializers.ValidationError(
                {"payment_method": [_("Choose how you pay.")]}, code="required"
            )
        return attrs


# --- orders ---------------------------------------------------------------------------------


class OrderLineSerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "product",
            "product_name",
            "unit_name",
            "unit_price",
            "quantity",
            "line_total",
        ]


class BankTransferSerializer(serializers.Serializer):
    bank_bin = serializers.CharField()
    account = serializers.CharField()
    account_name = serializers.CharField()
    reference = serializers.CharField(help_text="Write this as the transfer's content.")
    vietqr = serializers.CharField(help_text="The VietQR (EMVCo) payload to draw as a QR code.")


class PaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(PaymentMethod.choices)
    status = serializers.ChoiceField(PaymentStatus.choices)
    amount = serializers.IntegerField()
    expires_at = serializers.DateTimeField(allow_null=True)
    paid_at = serializers.DateTimeField(allow_null=True, required=False)
    bank_transfer = BankTransferSerializer(required=False, help_text="Buyer, while unpaid.")
    vnpay_url = serializers.URLField(required=False, help_text="Buyer, while unpaid.")


class PlaceSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()


class DeliverySerializer(serializers.Serializer):
    recipient_name = serializers.CharField()
    phone = serializers.CharField()
    province = PlaceSerializer()
    commune = PlaceSerializer()
    street = serializers.CharField()
    note = serializers.CharField()


class OrderVendorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()


class OrderSerializer(serializers.ModelSerializer):
    """An order as its buyer, its storefront's members and moderators see it. The delivery
    address and phone only for those (context `viewer`); payment instructions for the buyer."""

    status = serializers.ChoiceField(OrderStatus.choices, read_only=True)
    vendor = OrderVendorSerializer(read_only=True)
    buyer_name = serializers.SerializerMethodField()
    lines = OrderLineSerializer(many=True, read_only=True)
    payment = serializers.SerializerMethodField()
    delivery = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "number",
            "status",
            "status_reason",
            "vendor",
            "buyer_name",
            "lines",
            "subtotal",
            "shipping_fee",
            "total",
            "payment",
            "delivery",
            "carrier",
            "tracking_code",
            "placed_at",
            "confirmed_at",
            "shipped_at",
            "delivered_at",
            "closed_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_buyer_name(self, obj: Order) -> str:
        viewer = self.context.get("viewer")
        return "" if viewer is not None and viewer.partner else obj.buyer.full_name

    @extend_schema_field(PaymentSerializer)
    def get_payment(self, obj: Order) -> dict[str, Any]:
        viewer = self.context.get("viewer")
        if viewer is not None and viewer.is_buyer(obj):
            data = viewer.instructions(obj)
        else:
            p = obj.payment
            data = {"method": p.method, "status": p.status, "amount": p.amount}
            data["expires_at"] = p.expires_at
        data["paid_at"] = obj.payment.paid_at
        return PaymentSerializer(data).data

    @extend_schema_field(DeliverySerializer(allow_null=True))
    def get_delivery(self, obj: Order) -> dict[str, Any] | None:
        viewer = self.context.get("viewer")
        if viewer is None or not viewer.sees_delivery(obj):
            return None
        return {
            "recipient_name": obj.recipient_name,
            "phone": obj.phone,
            "province": {"code": obj.province_id, "name": obj.province.name},
            "commune": {"code": obj.commune_id, "name": obj.commune.name},
            "street": obj.street,
            "note": obj.note,
        }


class CheckoutResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    total = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    orders = OrderSerializer(many=True)


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=100)
    tracking_code = serializers.CharField(max_length=100)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MarkPaidSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class StorefrontSalesSerializer(serializers.Serializer):
    accepts_cod = serializers.BooleanField(required=False)
    accepts_bank_transfer = serializers.BooleanField(required=False)
    accepts_vnpay = serializers.BooleanField(required=False)
    bank_bin = serializers.RegexField(r"^[0-9]{6}$", required=False, allow_blank=True)
    bank_account = serializers.RegexField(r"^[0-9A-Za-z]{1,19}$", required=False, allow_blank=True)
    bank_account_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    shipping_fee = serializers.IntegerField(min_value=0, max_value=100_000_000, required=False)
    free_shipping_over = serializers.IntegerField(
        min_value=0, max_value=10_000_000_000, required=False, allow_null=True
    )


class StockSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(
        min_value=0, max_value=100_000_000, allow_null=True, help_text="null: stop counting."
    )
