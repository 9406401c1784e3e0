"""Admin of buying: moderators read inquiry threads and orders; nobody edits them here (orders
move through their API actions, which check who acts and write the audit log)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from orders.models import Inquiry, InquiryMessage, Order, OrderLine, Payment

# --- inquiries -------------------------------------------------------------


class InquiryMessageInline(ReadOnlyInline):
    model = InquiryMessage
    fields = readonly_fields = ("created_at", "author", "from_vendor", "body")

    def get_queryset(self, request: HttpRequest) -> QuerySet[InquiryMessage]:
        return super().get_queryset(request).select_related("author")


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "product",
        "vendor",
        "buyer",
        "quantity",
        "status",
        "created_at",
        "updated_at",
    )
    list_filter = ("status",)
    search_fields = (
        "contact_name",
        "contact_email",
        "buyer__email",
        "product__name",
        "vendor__display_name",
    )
    list_select_related = ("product", "vendor", "buyer")
    inlines = (InquiryMessageInline,)


# --- orders ----------------------------------------------------------------


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = (
        "product_name",
        "unit_name",
        "unit_price",
        "quantity",
        "line_total",
    )


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = readonly_fields = (
        "method",
        "status",
        "amount",
        "expires_at",
        "paid_at",
        "gateway_reference",
        "status_reason",
    )


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "vendor", "buyer", "status", "payment_method", "total", "placed_at")
    list_filter = ("status", "payment_method")
    search_fields = ("number", "buyer__email", "vendor__display_name", "recipient_name", "phone")
    list_select_related = ("vendor", "buyer")
    inlines = (OrderLineInline, PaymentInline)
