"""Models of the partners app, one module per subject. Their tables kept the names they had
in `marketplace` (D85)."""

from partners.models.changes import Change, ChangeEvent, ChangeFeedHorizon, ChangeKind
from partners.models.clients import ApiKey, PartnerClient, StorefrontGrant
from partners.models.idempotency import IdempotencyRecord
from partners.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookDispatchState,
    WebhookSubscription,
)

__all__ = [
    "ApiKey",
    "Change",
    "ChangeEvent",
    "ChangeFeedHorizon",
    "ChangeKind",
    "DeliveryStatus",
    "IdempotencyRecord",
    "PartnerClient",
    "StorefrontGrant",
    "WebhookDelivery",
    "WebhookDispatchState",
    "WebhookSubscription",
]
