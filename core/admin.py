"""The admin's building blocks: who may see and change what, and moderation actions.

Moderators (`is_moderator` + `is_staff`) see every model registered with these classes without
being given Django model permissions; what they may change is opt-in per ModelAdmin, and nobody
deletes moderated or audited records here. Status never changes through a form: moderation
actions (`Decision`) call the services, which lock the row, check the lifecycle and write the
audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.models import AuditLog

REASON_TEMPLATE = "admin/moderation_reason.html"

# Inlines that apps above a model's own app add to its admin page (media adds pictures to
# storefronts and products), so the lower app's admin never imports the higher one's.
_extra_inlines: dict[type[models.Model], list[type[InlineModelAdmin[Any, Any]]]] = {}


def admin_inline_register(
    model: type[models.Model], inline: type[InlineModelAdmin[Any, Any]]
) -> None:
    """Show `inline` on the admin page of `model` (call from the adding app's admin.py)."""
    inlines = _extra_inlines.setdefault(model, [])
    if inline not in inlines:
        inlines.append(inline)


def signed_in_user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not user.is_authenticated:  # the admin site only lets signed-in staff through
        raise TypeError("the admin needs a signed-in user")
    return user


def is_moderator_request(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_moderator", False))


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

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_inlines(request, obj), *_extra_inlines.get(self.model, ()))

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
        actor = signed_in_user(request)
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


# --- the audit log ----------------------------------------------------------------------------


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
