"""Visitors, check-in, matchmaking and reports in the admin (moderators and the fair's organizers).

Registrations are searched by e-mail, name, organisation or ticket code (signed code or bare
token); cancelling goes through `registration_cancel`. Scans are read-only. Slots and tables are
added through the matchmaking services; meetings are declined or cancelled through theirs. The
"fair reports" list shows each fair's headline figures and exports the full report.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import (
    BigIntegerField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import Decision
from core.errors import DomainError
from fairs import tickets
from fairs.admin.fairs import FairsAdminBase, _fairs_for, _manages
from fairs.models import (
    BOOKED_STATUSES,
    CheckIn,
    Fair,
    FairReport,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    RegistrationStatus,
    VisitorRegistration,
)
from fairs.report_exports import report_file_response
from fairs.services import meetings as meeting_services
from fairs.services import schedule
from fairs.services import visitors as visitor_services
from fairs.services._common import require_fair_manager
from marketplace.models import User
from marketplace.permissions import acting_user

# --- registrations -----------------------------------------------------------------------------


def _cancel_registration(*, registration: VisitorRegistration, actor: User, reason: str) -> Any:
    return visitor_services.registration_cancel(
        registration=registration, actor=actor, reason=reason
    )


REGISTRATION_CANCEL = Decision(
    service=_cancel_registration,
    target="registration",
    done=ngettext_lazy("%(count)d ticket cancelled.", "%(count)d tickets cancelled.", "count"),
    title=_("Cancel tickets"),
    needs_reason=True,
)


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_in_at__isnull=self.value() == "no")
        return queryset


@admin.register(VisitorRegistration)
class VisitorRegistrationAdmin(FairsAdminBase):
    list_display = (
        "attendee_name",
        "email",
        "organization",
        "fair",
        "status",
        "created_at",
        "checked_in_at",
    )
    list_filter = ("status", CheckedInFilter, "fair")
    search_fields = ("user__email", "attendee_name", "organization", "phone")
    list_select_related = ("user", "fair")
    ordering = ("-created_at", "-id")
    fields = (
        "fair",
        "user",
        "attendee_name",
        "organization",
        "phone",
        "status",
        "status_reason",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "checked_in_device",
    )
    readonly_fields = fields
    actions = ("cancel",)

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj: VisitorRegistration) -> str:
        return obj.user.email

    def get_queryset(self, request: HttpRequest) -> QuerySet[VisitorRegistration]:
        return _fairs_for(request, super().get_queryset(request), path="fair")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """A scanned ticket code (or its bare token) finds its registration."""
        term = search_term.strip()
        try:
            token = tickets.token_from_code(term)
        except tickets.TicketCodeInvalid:
            token = term
        by_token = queryset.filter(token=token) if token else queryset.none()
        if by_token.exists():
            return by_token, False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Cancel selected tickets"), permissions=["moderate"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, REGISTRATION_CANCEL, "cancel")


@admin.register(CheckIn)
class CheckInAdmin(FairsAdminBase):
    list_display = (
        "scanned_at",
        "fair",
        "registration",
        "result",
        "refusal",
        "device",
        "scanned_by",
    )
    list_filter = ("result", "refusal", "fair")
    search_fields = (
        "scan_id",
        "device",
        "registration__attendee_name",
        "registration__user__email",
    )
    list_select_related = ("fair", "registration", "scanned_by")
    ordering = ("-scanned_at", "-id")
    readonly_fields = (
        "scan_id",
        "fair",
        "registration",
        "result",
        "refusal",
        "scanned_at",
        "received_at",
        "device",
        "scanned_by",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[CheckIn]:
        return _fairs_for(request, super().get_queryset(request), path="fair")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- slots and tables --------------------------------------------------------------------------


class SlotForm(forms.ModelForm):
    duration_minutes = forms.IntegerField(label=_("duration (minutes)"), min_value=5, initial=20)

    class Meta:
        model = MeetingSlot
        fields = ("fair", "starts_at")


class SlotAdminBase(FairsAdminBase):
    """Slots and tables have no status: nothing is added to the read-only fields."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return _fairs_for(request, super().get_queryset(request), path="fair")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "fair":
            kwargs["queryset"] = _fairs_for(request, Fair.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages(request) or super().has_add_permission(request)


@admin.register(MeetingSlot)
class MeetingSlotAdmin(SlotAdminBase):
    form = SlotForm
    fields = ("fair", "starts_at", "duration_minutes")
    list_display = ("__str__", "fair", "booked")
    list_filter = ("fair",)
    ordering = ("fair", "starts_at")
    actions = ("delete_slots",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .annotate(n_booked=Count("meetings", filter=Q(meetings__status__in=BOOKED_STATUSES)))
        )

    @admin.display(description=_("booked"), ordering="n_booked")
    def booked(self, obj: Any) -> int:
        return int(obj.n_booked)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and _manages(request)

    def save_model(self, request: HttpRequest, obj: MeetingSlot, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = schedule.slot_create(
            fair=data["fair"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            actor=acting_user(request),
        )
        obj.pk = saved.pk
        obj.ends_at = saved.ends_at

    @admin.action(description=_("Delete selected slots (only without meetings)"))
    def delete_slots(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = 0
        for slot in queryset.order_by("pk"):
            try:
                schedule.slot_delete(slot=slot, actor=acting_user(request))
            except DomainError as exc:
                self.message_user(request, f"{slot}: {exc.detail}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext_lazy("%(count)d slot deleted.", "%(count)d slots deleted.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(MeetingTable)
class MeetingTableAdmin(SlotAdminBase):
    list_display = ("name", "fair", "position", "is_active")
    list_filter = ("fair", "is_active")
    ordering = ("fair", "position", "name")
    fields = ("fair", "name", "position", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("fair", "name", "position") if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def save_model(self, request: HttpRequest, obj: MeetingTable, form: Any, change: bool) -> None:
        actor = acting_user(request)
        if change:
            if "is_active" in form.changed_data:
                schedule.table_set_active(
                    table=MeetingTable.objects.get(pk=obj.pk),
                    is_active=form.cleaned_data["is_active"],
                    actor=actor,
                )
            return
        saved = schedule.table_create(
            fair=form.cleaned_data["fair"],
            name=form.cleaned_data["name"],
            position=form.cleaned_data.get("position") or 0,
            actor=actor,
        )
        obj.pk = saved.pk


# --- meetings ----------------------------------------------------------------------------------

MEETING_DECLINE = Decision(
    service=meeting_services.meeting_decline,
    target="meeting",
    done=ngettext_lazy("%(count)d meeting declined.", "%(count)d meetings declined.", "count"),
    title=_("Decline meeting requests"),
    needs_reason=True,
)
MEETING_CANCEL = Decision(
    service=meeting_services.meeting_cancel,
    target="meeting",
    done=ngettext_lazy("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", "count"),
    title=_("Cancel meetings"),
    needs_reason=True,
)


@admin.register(Meeting)
class MeetingAdmin(FairsAdminBase):
    list_display = (
        "fair",
        "buyer",
        "vendor",
        "status",
        "slot",
        "table",
        "deal_signed",
        "deal_value",
    )
    list_filter = ("status", "deal_signed", "fair")
    search_fields = ("buyer__email", "buyer__full_name", "vendor__display_name")
    list_select_related = ("fair", "buyer", "vendor", "slot", "table")
    ordering = ("fair", "slot__starts_at", "created_at")
    fields = (
        "fair",
        "buyer",
        "vendor",
        "message",
        "status",
        "status_reason",
        "slot",
        "table",
        "decided_by",
        "decided_at",
        "deal_signed",
        "deal_value",
        "outcome_note",
        "created_at",
    )
    readonly_fields = fields
    actions = ("decline", "cancel")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return _fairs_for(request, super().get_queryset(request), path="fair")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Decline selected requests"), permissions=["moderate"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, MEETING_DECLINE, "decline")

    @admin.action(description=_("Cancel selected meetings"), permissions=["moderate"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, MEETING_CANCEL, "cancel")


# --- reports -----------------------------------------------------------------------------------


def _count_sub(model: Any, condition: Q) -> Coalesce:
    rows = (
        model.objects.filter(condition, fair=OuterRef("pk"))
        .order_by()
        .values("fair")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _sum_sub(model: Any, field: str) -> Coalesce:
    rows = (
        model.objects.filter(fair=OuterRef("pk"))
        .order_by()
        .values("fair")
        .annotate(n=Sum(field))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=BigIntegerField()), 0)


@admin.register(FairReport)
class FairReportAdmin(FairsAdminBase):
    """Each fair with its headline figures; the actions download the full report."""

    list_display = (
        "name",
        "status",
        "starts_at",
        "visitors_registered",
        "visitors_checked_in",
        "meetings_held",
        "deals_value",
    )
    list_filter = ("status",)
    search_fields = ("name", "slug")
    ordering = ("-starts_at",)
    actions = ("export_csv", "export_xlsx")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # One correlated, grouped subquery per column: the list costs one query per page.
        qs = _fairs_for(request, super().get_queryset(request))
        return qs.annotate(
            n_registered=_count_sub(VisitorRegistration, Q(status=RegistrationStatus.ACTIVE)),
            n_checked_in=_count_sub(VisitorRegistration, Q(checked_in_at__isnull=False)),
            n_held=_count_sub(Meeting, Q(status=MeetingStatus.HELD)),
            deal_total=_sum_sub(Meeting, "deal_value"),
        )

    @admin.display(description=_("visitors registered"), ordering="n_registered")
    def visitors_registered(self, obj: Any) -> int:
        return int(obj.n_registered)

    @admin.display(description=_("checked in"), ordering="n_checked_in")
    def visitors_checked_in(self, obj: Any) -> int:
        return int(obj.n_checked_in)

    @admin.display(description=_("meetings held"), ordering="n_held")
    def meetings_held(self, obj: Any) -> int:
        return int(obj.n_held)

    @admin.display(description=_("deals (VND)"), ordering="deal_total")
    def deals_value(self, obj: Any) -> str:
        return f"{int(obj.deal_total):,}".replace(",", ".")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _export(self, request: HttpRequest, queryset: QuerySet[Any], kind: str) -> Any:
        fairs = list(queryset[:2])
        if len(fairs) != 1:
            self.message_user(request, _("Select exactly one fair to export."), messages.ERROR)
            return None
        try:
            require_fair_manager(request.user, fairs[0])
        except DomainError as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)
            return None
        return report_file_response(fairs[0], kind)

    @admin.action(description=_("Export the fair report (CSV)"), permissions=["moderate"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the fair report (XLSX)"), permissions=["moderate"])
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "xlsx")
