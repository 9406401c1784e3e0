"""Admin of buying: moderators read inquiry threads, quotes, orders and complaints; nobody edits
them here (they move through their API actions, which check who acts and write the audit log).
The operator edits pages of text (the complaint procedure) here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from orders.models import (
    Complaint,
    ComplaintMessage,
    Inquiry,
    InquiryMessage,
    Order,
    OrderLine,
    Page,
    Payment,
    Quote,
    QuoteLine,
)

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


# --- quotes and complaints -------------------------------------------------


class QuoteLineInline(ReadOnlyInline):
    model = QuoteLine
    fields = readonly_fields = ("product", "quantity", "unit_price")


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "inquiry", "status", "valid_until", "shipping_fee", "order")
    list_filter = ("status",)
    list_select_related = ("inquiry", "order")
    inlines = (QuoteLineInline,)


class ComplaintMessageInline(ReadOnlyInline):
    model = ComplaintMessage
    fields = readonly_fields = ("created_at", "author", "role", "body")


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "order", "reason", "status", "decision", "updated_at")
    list_filter = ("status", "reason", "decision")
    search_fields = ("order__number",)
    list_select_related = ("order",)
    inlines = (ComplaintMessageInline,)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
