"""Admin of lots: moderators read lots with their events and scan counts, and recall a lot
with a reason through the same service as the API (audited, buyers e-mailed, partners told);
the storefront's own records are never edited here (D157)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import Decision, ModeratedAdmin, ReadOnlyInline
from traceability.models import Lot, LotEvent, LotScanDay
from traceability.services import lot_recall

LOT_RECALL = Decision(
    service=lot_recall,
    target="lot",
    done=ngettext_lazy("%(count)d lot recalled.", "%(count)d lots recalled.", "count"),
    title=_("Recall lots"),
    needs_reason=True,
)


class LotEventInline(ReadOnlyInline):
    model = LotEvent
    fk_name = "lot"
    fields = readonly_fields = ("occurred_at", "kind", "actor_name", "place", "corrects")


class LotScanDayInline(ReadOnlyInline):
    model = LotScanDay
    fields = readonly_fields = ("day", "count")


@admin.register(Lot)
class LotAdmin(ModeratedAdmin):
    list_display = ("code", "product", "status", "produced_on", "best_before", "public_code")
    list_filter = ("status",)
    search_fields = ("code", "public_code", "product__name", "product__vendor__display_name")
    list_select_related = ("product",)
    inlines = (LotEventInline, LotScanDayInline)
    actions = ("recall",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Recall selected lots"), permissions=["moderate"])
    def recall(self, request: HttpRequest, queryset: QuerySet[Lot]) -> HttpResponse | None:
        return self.decide(request, queryset, LOT_RECALL, "recall")
