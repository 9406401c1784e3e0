"""Admin of buying: moderators read inquiry threads; nobody edits them here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from orders.models import Inquiry, InquiryMessage

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
