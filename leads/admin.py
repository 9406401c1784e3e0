"""Admin of trade leads: moderators read leads and their offers and publish, reject or close
them through the same services as the API (audited transitions, D146); nobody edits a lead
here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import Decision, ModeratedAdmin, ReadOnlyInline
from leads.models import Lead, LeadOffer
from leads.services.leads import lead_approve, lead_close, lead_reject

LEAD_APPROVE = Decision(
    service=lead_approve,
    target="lead",
    done=ngettext_lazy("%(count)d lead published.", "%(count)d leads published.", "count"),
)
LEAD_REJECT = Decision(
    service=lead_reject,
    target="lead",
    done=ngettext_lazy("%(count)d lead rejected.", "%(count)d leads rejected.", "count"),
    title=_("Reject leads"),
    needs_reason=True,
)
LEAD_CLOSE = Decision(
    service=lead_close,
    target="lead",
    done=ngettext_lazy("%(count)d lead closed.", "%(count)d leads closed.", "count"),
    title=_("Close leads"),
    needs_reason=True,
)


class LeadOfferInline(ReadOnlyInline):
    model = LeadOffer
    fields = readonly_fields = ("vendor", "inquiry", "created_at")


@admin.register(Lead)
class LeadAdmin(ModeratedAdmin):
    list_display = (
        "title",
        "kind",
        "category",
        "province",
        "status",
        "expires_on",
        "poster",
        "vendor",
        "published_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("title", "slug", "poster__email", "vendor__display_name")
    list_select_related = ("category", "province", "poster", "vendor")
    date_hierarchy = "submitted_at"
    inlines = (LeadOfferInline,)
    actions = ("approve", "reject", "close")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Approve and publish selected leads"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Lead]) -> HttpResponse | None:
        return self.decide(request, queryset, LEAD_APPROVE, "approve")

    @admin.action(description=_("Reject selected leads"), permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Lead]) -> HttpResponse | None:
        return self.decide(request, queryset, LEAD_REJECT, "reject")

    @admin.action(description=_("Close selected leads"), permissions=["moderate"])
    def close(self, request: HttpRequest, queryset: QuerySet[Lead]) -> HttpResponse | None:
        return self.decide(request, queryset, LEAD_CLOSE, "close")
