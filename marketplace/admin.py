"""The admin site for exchange moderators, and the toolkit catalog/admin.py builds on.

Moderators (`is_moderator` + `is_staff`) see every model registered here without being given
Django model permissions; what they may change is opt-in per ModelAdmin, and nobody deletes
moderated or audited records here. Status never changes through a form: moderation actions call
the services, which lock the row, check the lifecycle and write the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from marketplace.errors import DomainError, TransitionError
from marketplace.models import (
    AuditLog,
    Commune,
    Inquiry,
    InquiryMessage,
    Province,
    User,
    Vendor,
    VendorInvitation,
    VendorMembership,
    VendorStatus,
)
from marketplace.services.audit import audit_record
from marketplace.services.vendors import (
    EDITABLE_FIELDS as VENDOR_EDITABLE_FIELDS,
)
from marketplace.services.vendors import (
    vendor_approve,
    vendor_reject,
    vendor_suspend,
    vendor_update,
)

admin.site.site_header = _("Exchange administration")
admin.site.site_title = _("Exchange administration")
admin.site.index_title = _("Moderation and reference data")

REASON_TEMPLATE = "admin/moderation_reason.html"


def acting_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the admin site only lets signed-in staff through
        raise TypeError("the admin needs a signed-in user")
    return user


def is_moderator_request(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.is_moderator


# --- permissions -----------------------------------------------------------------------------


class ModeratorAdmin(admin.ModelAdmin):
    """Moderators may view; adding and changing are opt-in; deleting needs a model permission.

    Everyone else (superusers included) gets Django's normal model permissions.
    """

    moderator_may_add: bool = False
    moderator_may_change: bool = False
    # Django 6 assumes https for scheme-less URLs; storefront websites are entered that way.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_moderator_request(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        if self.moderator_may_add and is_moderator_request(request):
            return True
        return super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.moderator_may_change and is_moderator_request(request):
            return True
        return super().has_change_permission(request, obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Saves go through services; a refusal rolls the whole save back and is reported."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(ModeratorAdmin):
    """Records written only by the system or by their owners: nobody edits them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModeratorViewInline(admin.TabularInline):
    """An inline moderators may see; editing it needs the normal model permissions."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_view_permission(request, obj)


class ReadOnlyInline(ModeratorViewInline):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- moderation actions ----------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("Recorded in the audit log with your name; the storefront may be told."),
    )


@dataclass(frozen=True)
class Decision:
    """One moderation action: the service it calls and how it is reported.

    `target` is the keyword under which the service takes the object; `done` is an
    ngettext_lazy message with a `%(count)d` placeholder. `precheck` sees the locked row
    before the service runs and may refuse with a DomainError.
    """

    service: Callable[..., Any]
    target: str
    done: Promise
    title: Promise | None = None
    needs_reason: bool = False
    precheck: Callable[[Any], None] | None = None


class ModeratedAdmin(ModeratorAdmin):
    """A ModelAdmin whose objects have a moderated status, changed only by `Decision`s."""

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return is_moderator_request(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_readonly_fields(request, obj), "status", "status_reason")

    def decide(
        self, request: HttpRequest, queryset: QuerySet[Any], decision: Decision, action: str
    ) -> HttpResponse | None:
        """Run an action; one needing a reason first shows the reason page until it has one."""
        reason = ""
        if decision.needs_reason:
            form = ReasonForm(request.POST if "post" in request.POST else None)
            if not form.is_valid():
                return self.reason_page(request, queryset, decision, action, form)
            reason = form.cleaned_data["reason"]
        self.apply_decision(request, queryset, decision, reason)
        return None

    def apply_decision(
        self, request: HttpRequest, queryset: QuerySet[Any], decision: Decision, reason: str
    ) -> int:
        actor = acting_user(request)
        done = 0
        for obj in queryset.order_by("pk"):
            try:
                with transaction.atomic():
                    if decision.precheck is not None:
                        manager = type(obj)._default_manager
                        decision.precheck(manager.select_for_update().get(pk=obj.pk))
                    decision.service(**{decision.target: obj}, actor=actor, reason=reason)
            except DomainError as exc:
                self.message_user(
                    request,
                    _("“%(object)s”: %(error)s") % {"object": obj, "error": exc.detail},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, decision.done % {"count": done}, messages.SUCCESS)
        return done

    def reason_page(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        decision: Decision,
        action: str,
        form: ReasonForm,
    ) -> TemplateResponse:
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title or _("Give a reason"),
            "opts": opts,
            "objects": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": decision.title or _("Confirm"),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, REASON_TEMPLATE, context)


# --- users and regions -----------------------------------------------------------------------


def _clean_new_email(form: forms.ModelForm, email: str) -> str:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists():
        raise ValidationError(_("A user with this e-mail address already exists."))
    return email


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")
        field_classes: dict[str, type[forms.Field]] = {}

    def clean_email(self) -> str:
        return _clean_new_email(self, self.cleaned_data["email"])


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict[str, type[forms.Field]] = {}

    def clean_email(self) -> str:
        return _clean_new_email(self, self.cleaned_data["email"])


@admin.register(User)
class UserAdmin(ModeratorAdmin, DjangoUserAdmin):
    """Accounts sign in by e-mail; moderators may look people up but not change them."""

    form = UserEditForm
    add_form = UserCreateForm
    list_display = ("email", "full_name", "is_moderator", "is_organizer", "is_staff", "is_active")
    list_filter = ("is_moderator", "is_organizer", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name", "phone")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("full_name", "phone")}),
        (
            _("Roles and permissions"),
            {
                "fields": (
                    "is_active",
                    "is_moderator",
                    "is_organizer",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "division_type")
    search_fields = ("name", "codename")


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "division_type", "province")
    list_filter = ("province",)
    list_select_related = ("province",)
    search_fields = ("name", "codename", "province__name")


# --- storefronts -----------------------------------------------------------------------------


class VendorMembershipInline(ModeratorViewInline):
    model = VendorMembership
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[VendorMembership]:
        return super().get_queryset(request).select_related("user")


def _refuse_if_suspended(vendor: Vendor) -> None:
    if vendor.status == VendorStatus.SUSPENDED:
        raise TransitionError(_("A suspended storefront is reinstated, not approved."))


def _refuse_unless_suspended(vendor: Vendor) -> None:
    if vendor.status != VendorStatus.SUSPENDED:
        raise TransitionError(_("Only a suspended storefront can be reinstated."))


VENDOR_APPROVE = Decision(
    service=vendor_approve,
    target="vendor",
    done=ngettext_lazy(
        "%(count)d storefront approved.", "%(count)d storefronts approved.", "count"
    ),
    precheck=_refuse_if_suspended,
)
VENDOR_REJECT = Decision(
    service=vendor_reject,
    target="vendor",
    done=ngettext_lazy(
        "%(count)d storefront rejected.", "%(count)d storefronts rejected.", "count"
    ),
    title=_("Reject storefronts"),
    needs_reason=True,
)
VENDOR_SUSPEND = Decision(
    service=vendor_suspend,
    target="vendor",
    done=ngettext_lazy(
        "%(count)d storefront suspended.", "%(count)d storefronts suspended.", "count"
    ),
    title=_("Suspend storefronts"),
    needs_reason=True,
)
VENDOR_REINSTATE = Decision(
    service=vendor_approve,
    target="vendor",
    done=ngettext_lazy(
        "%(count)d storefront reinstated.", "%(count)d storefronts reinstated.", "count"
    ),
    precheck=_refuse_unless_suspended,
)


@admin.register(Vendor)
class VendorAdmin(ModeratedAdmin):
    """Moderators edit a storefront's details through vendor_update; status only by actions.

    New storefronts are opened by their owners through the API; adding one here needs the
    model permission (superusers), and nobody deletes a storefront: it is rejected or suspended.
    """

    moderator_may_change = True
    list_display = (
        "display_name",
        "kind",
        "tax_code",
        "province",
        "commune",
        "status",
        "created_at",
    )
    list_filter = ("status", "kind", "province")
    search_fields = ("display_name", "legal_name", "tax_code")
    list_select_related = ("province", "commune")
    autocomplete_fields = ("commune",)
    readonly_fields = ("province", "approved_at", "created_by", "created_at", "updated_at")
    inlines = (VendorMembershipInline,)
    actions = ("approve", "reject", "suspend", "reinstate")
    fieldsets = (
        (None, {"fields": ("display_name", "slug", "description")}),
        (
            _("Legal identity"),
            {"fields": ("kind", "legal_name", "tax_code", "business_registration_number")},
        ),
        (
            _("Address and contact"),
            {"fields": ("province", "commune", "street_address", "phone", "email", "website")},
        ),
        (
            _("Moderation"),
            {
                "fields": (
                    "status",
                    "status_reason",
                    "approved_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: Vendor | None = None) -> Any:
        from media.admin import VendorImageInline  # media.admin builds on this module

        return (*super().get_inlines(request, obj), VendorImageInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Vendor | None = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "slug") if obj is not None else fields

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Vendor | None = None
    ) -> dict[str, Any]:
        return {"slug": ("display_name",)} if obj is None else {}

    def has_delete_permission(self, request: HttpRequest, obj: Vendor | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Vendor, form: Any, change: bool) -> None:
        actor = acting_user(request)
        if change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in VENDOR_EDITABLE_FIELDS
            }
            if fields:
                vendor_update(vendor=obj, actor=actor, **fields)
            return
        # Registered on a producer's behalf: it waits for review like any other storefront,
        # and its owners are added in the members inline.
        obj.province_id = obj.commune.province_id
        obj.status = VendorStatus.PENDING
        obj.created_by = actor
        obj.save()
        audit_record(
            actor=actor,
            action="marketplace.vendor.created",
            target=obj,
            to_state=obj.status,
            data={"via": "admin"},
        )

    @admin.action(description=_("Approve selected storefronts"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> HttpResponse | None:
        return self.decide(request, queryset, VENDOR_APPROVE, "approve")

    @admin.action(description=_("Reject selected storefronts"), permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> HttpResponse | None:
        return self.decide(request, queryset, VENDOR_REJECT, "reject")

    @admin.action(description=_("Suspend selected storefronts"), permissions=["moderate"])
    def suspend(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> HttpResponse | None:
        return self.decide(request, queryset, VENDOR_SUSPEND, "suspend")

    @admin.action(description=_("Reinstate selected storefronts"), permissions=["moderate"])
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> HttpResponse | None:
        return self.decide(request, queryset, VENDOR_REINSTATE, "reinstate")


@admin.register(VendorInvitation)
class VendorInvitationAdmin(ReadOnlyAdmin):
    list_display = (
        "email",
        "vendor",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role",)
    search_fields = ("email", "vendor__display_name")
    list_select_related = ("vendor", "invited_by")
    # Never the token hash: it has no use to a person.
    fields = (
        "vendor",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )


# --- inquiries and the audit log -------------------------------------------------------------


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


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "actor",
        "action",
        "target_repr",
        "from_state",
        "to_state",
        "reason",
    )
    list_filter = ("action",)
    search_fields = ("target_repr",)
    list_select_related = ("actor",)
    fields = (
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "from_state",
        "to_state",
        "reason",
        "data",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditLog]:
        return super().get_queryset(request).select_related("actor", "target_type")


# Webhook subscriptions and the delivery log, and partner clients, API keys and storefront
# grants, live in their own modules, built on the classes above.
from marketplace import admin_partners, admin_webhooks  # noqa: E402, F401
