"""Reads of webhook subscriptions and deliveries, scoped to who is asking."""

from __future__ import annotations

from django.db.models import QuerySet

from partners.models import PartnerClient, WebhookDelivery, WebhookSubscription


def webhook_subscription_list(
    *, client: PartnerClient | None, client_id: int | None = None
) -> QuerySet[WebhookSubscription]:
    """A partner's own subscriptions (`client`), or every one for a moderator (client=None),
    optionally narrowed to one client."""
    qs = WebhookSubscription.objects.select_related("client").order_by("-created_at", "-id")
    if client is not None:
        return qs.filter(client=client)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return qs


def webhook_delivery_list(
    *, subscription: WebhookSubscription, status: str | None = None
) -> QuerySet[WebhookDelivery]:
    qs = WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return qs


def webhook_delivery_get(*, client: PartnerClient | None, delivery_id: int) -> WebhookDelivery:
    """Raises WebhookDelivery.DoesNotExist for another client's delivery."""
    qs = WebhookDelivery.objects.select_related("subscription", "subscription__client")
    if client is not None:
        qs = qs.filter(subscription__client=client)
    return qs.get(pk=delivery_id)
