"""Admin for partner clients, their API keys and storefront grants (D60-D64).

Keys are never shown here, nor their hashes: a key row shows its prefix and dates. A new key is
issued with the client action, which shows the key once in the confirmation message.
Client saves and key revocations go through partners.services.clients (audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ModeratorAdmin, ReadOnlyAdmin, ReadOnlyInline
from marketplace.permissions import acting_user
from partners.models import ApiKey, PartnerClient, StorefrontGrant
from partners.services import clients as partner_services

KEY_FIELDS = ("prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "replaced_by")


class ApiKeyInline(ReadOnlyInline):
    model = ApiKey
    fk_name = "client"
    fields = KEY_FIELDS
    readonly_fields = KEY_FIELDS


@admin.register(PartnerClient)
class PartnerClientAdmin(ModeratorAdmin):
    moderator_may_add = True
    moderator_may_change = True
    list_display = ("name", "contact_email", "scopes", "is_active", "rate_limit_per_minute")
    list_filter = ("is_active",)
    search_fields = ("name", "contact_email")
    fields = ("name", "contact_email", "scopes", "is_active", "rate_limit_per_minute")
    inlines = [ApiKeyInline]
    actions = ["issue_key"]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in self.fields if name in form.cleaned_data}
        if change:
            saved = partner_services.partner_client_update(
                client=obj,
                actor=acting_user(request),
                data=data,
            )
        else:
            saved = partner_services.partner_client_create(
                actor=acting_user(request),
                data=data,
            )
        obj.pk = saved.pk

    @admin.action(description=gettext_lazy("Issue a new API key (shown once)"))
    def issue_key(self, request: HttpRequest, queryset: QuerySet[PartnerClient]) -> None:
        for client in queryset:
            issued = partner_services.api_key_issue(client=client, actor=acting_user(request))
            self.message_user(
                request,
                _("New key for %(client)s (copy it now, it is not shown again): %(key)s")
                % {"client": client.name, "key": issued.plaintext},
                messages.WARNING,
            )


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ("client", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "client__name")
    list_select_related = ("client",)
    fields = ("client", *KEY_FIELDS)
    actions = ["revoke"]

    @admin.action(description=gettext_lazy("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            partner_services.api_key_revoke(api_key=key, actor=acting_user(request))
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)


@admin.register(StorefrontGrant)
class StorefrontGrantAdmin(ReadOnlyAdmin):
    list_display = ("vendor", "client", "granted_by", "created_at", "revoked_at")
    list_select_related = ("vendor", "client", "granted_by")
    search_fields = ("vendor__display_name", "client__name")
    fields = ("vendor", "client", "granted_by", "created_at", "revoked_at")
