"""Fairs and exhibitor applications in the admin, for moderators and organizers.

Organizers with admin access see only the fairs they run. Every change goes through the
services (fair_create/fair_update, booth_type_*, application_*): nothing saves a status here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import Decision, ModeratedAdmin, is_moderator_request
from core.errors import DomainError
from fairs.exports import exhibitor_export_response
from fairs.models import BoothType, ExhibitorApplication, Fair, FairOrganizer, ShowcaseItem
from fairs.services import fairs as fair_services
from fairs.services._common import require_fair_manager
from fairs.services.exhibitors.applications import (
    application_approve,
    application_cancel,
    application_confirm,
    application_reject,
)
from fairs.services.exhibitors.booths import application_assign_booth
from marketplace.models import User
from marketplace.permissions import acting_user


def is_organizer_request(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.is_organizer


def _manages(request: HttpRequest) -> bool:
    return is_moderator_request(request) or is_organizer_request(request)


def _fairs_for(request: HttpRequest, qs: QuerySet[Any], path: str = "pk") -> QuerySet[Any]:
    if is_moderator_request(request):
        return qs
    return qs.filter(
        Exists(FairOrganizer.objects.filter(fair=OuterRef(path), user=acting_user(request)))
    )


class FairsAdminBase(ModeratedAdmin):
    """Moderators and organizers manage; object rules are enforced again by the services."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request) or super().has_view_permission(request, obj)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- fairs -------------------------------------------------------------------------------------


class BoothTypeInline(admin.TabularInline):
    model = BoothType
    extra = 0
    fields = ("name", "size", "price", "count", "position")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)


class FairForm(forms.ModelForm):
    organizer_users = forms.ModelMultipleChoiceField(
        label=_("Organizers"),
        queryset=User.objects.filter(is_active=True, is_organizer=True),
        required=False,
        help_text=_("Organizer accounts that run this fair. Empty: you."),
    )

    class Meta:
        model = Fair
        fields = (
            "name",
            "kind",
            "description",
            "venue",
            "province",
            "commune",
            "street_address",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "min_ocop_stars",
            "allowed_provinces",
            "allowed_categories",
            "visitor_capacity",
            "approval_mode",
        )

    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organizer_users"].initial = list(self.instance.organizers.all())


FAIR_M2M = ("allowed_provinces", "allowed_categories")


def _no_reason(service: Any) -> Any:
    def run(*, fair: Fair, actor: User, reason: str = "") -> Fair:
        return service(fair=fair, actor=actor)

    return run


def _fair_decision(service: Any, done: Any, **extra: Any) -> Decision:
    return Decision(service=service, target="fair", done=done, **extra)


FAIR_OPEN = _fair_decision(
    _no_reason(fair_services.fair_open),
    ngettext_lazy("%(count)d fair opened.", "%(count)d fairs opened.", "count"),
)
FAIR_CLOSE = _fair_decision(
    _no_reason(fair_services.fair_close),
    ngettext_lazy("%(count)d fair closed.", "%(count)d fairs closed.", "count"),
)
FAIR_START = _fair_decision(
    _no_reason(fair_services.fair_start),
    ngettext_lazy("%(count)d fair started.", "%(count)d fairs started.", "count"),
)
FAIR_FINISH = _fair_decision(
    _no_reason(fair_services.fair_finish),
    ngettext_lazy("%(count)d fair finished.", "%(count)d fairs finished.", "count"),
)
FAIR_CANCEL = _fair_decision(
    fair_services.fair_cancel,
    ngettext_lazy("%(count)d fair cancelled.", "%(count)d fairs cancelled.", "count"),
    title=_("Cancel fairs"),
    needs_reason=True,
)


@admin.register(Fair)
class FairAdmin(FairsAdminBase):
    form = FairForm
    list_display = ("name", "kind", "status", "starts_at", "ends_at", "approval_mode")
    list_filter = ("status", "kind", "approval_mode")
    search_fields = ("name", "slug", "venue")
    list_select_related = ("province",)
    # The commune's official code; an autocomplete would need view rights on communes, which
    # organizers do not have.
    raw_id_fields = ("commune",)
    filter_horizontal = ("allowed_provinces", "allowed_categories")
    inlines = (BoothTypeInline,)
    actions = ("open_fairs", "close_fairs", "start_fairs", "finish_fairs", "cancel_fairs")
    readonly_fields = ("slug", "published_at", "created_by", "created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Fair]:
        return _fairs_for(request, super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages(request) or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request) or super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Fair, form: Any, change: bool) -> None:
        actor = acting_user(request)
        data = form.cleaned_data
        organizers = list(data.get("organizer_users") or []) or None
        extra = {name: data.get(name) for name in FAIR_M2M if name in form.changed_data}
        if change:
            fields = {
                name: data[name] for name in form.changed_data if name in fair_services.FAIR_FIELDS
            }
            if "organizer_users" not in form.changed_data:
                organizers = None
            saved = fair_services.fair_update(
                fair=obj, actor=actor, organizers=organizers, **extra, **fields
            )
        else:
            fields = {name: data[name] for name in fair_services.FAIR_FIELDS if name in data}
            saved = fair_services.fair_create(actor=actor, organizers=organizers, **extra, **fields)
        form.instance = saved
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The M2M fields were saved by the services; only the booth type inline is left.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor = acting_user(request)
        fair = form.instance
        # Django's change message reads these, normally filled by formset.save().
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and inline_form not in formset.deleted_forms:
                continue
            booth = inline_form.instance
            data = {
                k: v
                for k, v in inline_form.cleaned_data.items()
                if k in fair_services.BOOTH_TYPE_FIELDS
            }
            if inline_form in formset.deleted_forms:
                if booth.pk:
                    fair_services.booth_type_delete(booth_type=booth, actor=actor)
                    formset.deleted_objects.append(booth)
            elif booth.pk:
                changed = {k: data[k] for k in inline_form.changed_data if k in data}
                if changed:
                    updated = fair_services.booth_type_update(
                        booth_type=BoothType.objects.get(pk=booth.pk), actor=actor, **changed
                    )
                    formset.changed_objects.append((updated, sorted(changed)))
            else:
                created = fair_services.booth_type_create(fair=fair, actor=actor, **data)
                formset.new_objects.append(created)

    @admin.action(description=_("Open selected fairs for applications"), permissions=["moderate"])
    def open_fairs(self, request: HttpRequest, queryset: QuerySet[Fair]) -> HttpResponse | None:
        return self.decide(request, queryset, FAIR_OPEN, "open_fairs")

    @admin.action(description=_("Close applications of selected fairs"), permissions=["moderate"])
    def close_fairs(self, request: HttpRequest, queryset: QuerySet[Fair]) -> HttpResponse | None:
        return self.decide(request, queryset, FAIR_CLOSE, "close_fairs")

    @admin.action(description=_("Start selected fairs"), permissions=["moderate"])
    def start_fairs(self, request: HttpRequest, queryset: QuerySet[Fair]) -> HttpResponse | None:
        return self.decide(request, queryset, FAIR_START, "start_fairs")

    @admin.action(description=_("Finish selected fairs"), permissions=["moderate"])
    def finish_fairs(self, request: HttpRequest, queryset: QuerySet[Fair]) -> HttpResponse | None:
        return self.decide(request, queryset, FAIR_FINISH, "finish_fairs")

    @admin.action(description=_("Cancel selected fairs"), permissions=["moderate"])
    def cancel_fairs(self, request: HttpRequest, queryset: QuerySet[Fair]) -> HttpResponse | None:
        return self.decide(request, queryset, FAIR_CANCEL, "cancel_fairs")


# --- exhibitor applications --------------------------------------------------------------------


class ShowcaseInline(admin.TabularInline):
    model = ShowcaseItem
    extra = 0
    fields = ("product", "position")
    readonly_fields = ("product", "position")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _application_decision(service: Any, done: Any, **extra: Any) -> Decision:
    return Decision(service=service, target="application", done=done, **extra)


def _confirm(*, application: ExhibitorApplication, actor: User, reason: str = "") -> Any:
    return application_confirm(application=application, actor=actor)


APPLICATION_APPROVE = _application_decision(
    application_approve,
    ngettext_lazy(
        "%(count)d application decided (approved, or waitlisted if full).",
        "%(count)d applications decided (approved, or waitlisted if full).",
        "count",
    ),
)
APPLICATION_REJECT = _application_decision(
    application_reject,
    ngettext_lazy("%(count)d application rejected.", "%(count)d applications rejected.", "count"),
    title=_("Reject applications"),
    needs_reason=True,
)
APPLICATION_CANCEL = _application_decision(
    application_cancel,
    ngettext_lazy("%(count)d application cancelled.", "%(count)d applications cancelled.", "count"),
    title=_("Cancel applications"),
    needs_reason=True,
)
APPLICATION_CONFIRM = _application_decision(
    _confirm,
    ngettext_lazy("%(count)d application confirmed.", "%(count)d applications confirmed.", "count"),
)


@admin.register(ExhibitorApplication)
class ExhibitorApplicationAdmin(FairsAdminBase):
    """Applications come from storefronts over the API; here organizers decide on them and give
    booth numbers (the only editable field, saved through application_assign_booth)."""

    list_display = (
        "vendor",
        "fair",
        "booth_type",
        "quantity",
        "status",
        "booth_number",
        "submitted_at",
    )
    list_filter = ("status", "fair")
    search_fields = ("vendor__display_name", "vendor__tax_code", "contact_name", "booth_number")
    list_select_related = ("vendor", "fair", "booth_type")
    ordering = ("fair", "submitted_at", "id")
    fields = (
        "fair",
        "vendor",
        "booth_type",
        "quantity",
        "booth_number",
        "contact_name",
        "contact_phone",
        "contact_email",
        "note",
        "status",
        "status_reason",
        "waitlisted_at",
        "submitted_at",
        "decided_at",
        "cancelled_at",
    )
    inlines = (ShowcaseInline,)
    actions = ("approve", "reject", "cancel", "confirm", "export_csv", "export_xlsx")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return tuple(f for f in self.fields if f != "booth_number")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExhibitorApplication]:
        return _fairs_for(request, super().get_queryset(request), path="fair")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request) or super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: ExhibitorApplication, form: Any, change: bool
    ) -> None:
        if "booth_number" in form.changed_data:
            application_assign_booth(
                application=obj,
                actor=acting_user(request),
                booth_number=form.cleaned_data["booth_number"],
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The showcase is the storefront's to change; nothing in the inline is saved here.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description=_("Approve selected applications"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, APPLICATION_APPROVE, "approve")

    @admin.action(description=_("Reject selected applications"), permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, APPLICATION_REJECT, "reject")

    @admin.action(description=_("Cancel selected applications"), permissions=["moderate"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, APPLICATION_CANCEL, "cancel")

    @admin.action(description=_("Confirm selected applications"), permissions=["moderate"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self.decide(request, queryset, APPLICATION_CONFIRM, "confirm")

    def _export(self, request: HttpRequest, queryset: QuerySet[Any], kind: str) -> Any:
        fair_ids = set(queryset.values_list("fair_id", flat=True))
        if len(fair_ids) != 1:
            self.message_user(
                request, _("Select applications of exactly one fair to export."), messages.ERROR
            )
            return None
        fair = Fair.objects.get(pk=fair_ids.pop())
        try:
            require_fair_manager(request.user, fair)
        except DomainError as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)
            return None
        return exhibitor_export_response(fair, kind)

    @admin.action(
        description=_("Export the exhibitor list of the fair (CSV)"), permissions=["moderate"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "csv")

    @admin.action(
        description=_("Export the exhibitor list of the fair (XLSX)"), permissions=["moderate"]
    )
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self._export(request, queryset, "xlsx")
