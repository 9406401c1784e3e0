"""The admin site for exchange moderators, and the toolkit catalog/admin.py builds on.

Moderators (`is_moderator` + `is_staff`) see every model registered here without being given
Django model permissions; what they may change is opt-in per ModelAdmin, and nobody deletes
moderated or audited records here. Status never changes through a form: moderation actions call
the services, which lock the row, check the lifecycle and write the audit log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import (
    Decision,
    ModeratedAdmin,
    ModeratorAdmin,
    ModeratorViewInline,
    ReadOnlyAdmin,
)
from core.errors import TransitionError
from marketplace.models import (
    Commune,
    Province,
    User,
    Vendor,
    VendorInvitation,
    VendorMembership,
    VendorStatus,
)
from marketplace.permissions import acting_user
from marketplace.services.vendors import (
    EDITABLE_FIELDS as VENDOR_EDITABLE_FIELDS,
)
from marketplace.services.vendors import (
    slug_not_reserved,
    vendor_approve,
    vendor_create,
    vendor_reject,
    vendor_suspend,
    vendor_update,
)

admin.site.site_header = _("Exchange administration")
admin.site.site_title = _("Exchange administration")
admin.site.index_title = _("Moderation and reference data")

REASON_TEMPLATE = "admin/moderation_reason.html"


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


class VendorForm(forms.ModelForm):
    def clean_slug(self) -> str:
        return slug_not_reserved(self.cleaned_data["slug"])


@admin.register(Vendor)
class VendorAdmin(ModeratedAdmin):
    """Moderators edit a storefront's details through vendor_update; status only by actions.

    New storefronts are opened by their owners through the API; adding one here needs the
    model permission (superusers), and nobody deletes a storefront: it is rejected or suspended.
    """

    moderator_may_change = True
    form = VendorForm
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
        # and its owners are added in the members inline (saved next, onto this row).
        data = form.cleaned_data
        vendor = vendor_create(
            actor=actor,
            owner=None,
            commune=data["commune"],
            slug=data.get("slug") or "",
            via="admin",
            **{name: data[name] for name in VENDOR_EDITABLE_FIELDS - {"commune"} if name in data},
        )
        obj.pk = vendor.pk
        obj._state.adding = False
        obj.refresh_from_db()

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
