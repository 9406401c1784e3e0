"""Admin for webhook subscriptions and their delivery log.

Moderators look at what was sent and answered, redeliver, and switch a disabled subscription
back on; subscriptions are created through the API so the secret is shown to the partner once.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from marketplace.permissions import acting_user
from partners.models import WebhookDelivery, WebhookSubscription
from partners.services.webhooks.delivery import webhook_delivery_redeliver
from partners.services.webhooks.subscriptions import webhook_subscription_enable

DELIVERY_FIELDS = (
    "id",
    "subscription",
    "event",
    "change_id",
    "kind",
    "object_id",
    "payload",
    "status",
    "attempts",
    "next_attempt_at",
    "last_attempt_at",
    "last_status_code",
    "last_error",
    "response_excerpt",
    "created_at",
    "delivered_at",
)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "client",
        "url",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "created_at",
    )
    list_filter = ("is_active",)
    search_fields = ("url", "client__name")
    list_select_related = ("client",)
    # The secret is never shown here: it reaches the partner only through the API.
    fields = (
        "client",
        "url",
        "events",
        "description",
        "is_active",
        "disabled_at",
        "disabled_reason",
        "consecutive_failures",
        "failing_since",
        "created_at",
    )
    readonly_fields = fields
    actions = ("enable",)

    @admin.action(description=_("Switch the selected subscriptions back on"))
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        subs = list(queryset.filter(is_active=False))
        for sub in subs:
            webhook_subscription_enable(subscription=sub, actor=acting_user(request))
        self.message_user(
            request,
            ngettext("%(n)d subscription enabled.", "%(n)d subscriptions enabled.", len(subs))
            % {"n": len(subs)},
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "subscription",
        "event",
        "object_id",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "event")
    search_fields = ("subscription__url", "subscription__client__name")
    list_select_related = ("subscription", "subscription__client")
    fields = DELIVERY_FIELDS
    readonly_fields = DELIVERY_FIELDS
    actions = ("redeliver",)

    @admin.action(description=_("Send the selected deliveries again"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        deliveries = list(queryset.select_related("subscription")[:500])
        for delivery in deliveries:
            webhook_delivery_redeliver(delivery=delivery, actor=acting_user(request))
        self.message_user(
            request,
            ngettext("%(n)d delivery queued.", "%(n)d deliveries queued.", len(deliveries))
            % {"n": len(deliveries)},
            messages.SUCCESS,
        )
