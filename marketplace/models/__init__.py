"""Models of the exchange itself, one module per concern."""

from marketplace.models.changes import Change, ChangeEvent, ChangeKind
from marketplace.models.partners import (
    ApiKey,
    IdempotencyRecord,
    IdempotencyState,
    PartnerClient,
    PartnerScope,
    StorefrontGrant,
)
from marketplace.models.regions import Commune, Province
from marketplace.models.users import User
from marketplace.models.vendors import (
    MemberRole,
    Vendor,
    VendorInvitation,
    VendorKind,
    VendorMembership,
    VendorStatus,
)
from marketplace.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookDispatchState,
    WebhookSubscription,
)

__all__ = [
    "ApiKey",
    "Change",
    "ChangeEvent",
    "ChangeKind",
    "Commune",
    "DeliveryStatus",
    "IdempotencyRecord",
    "IdempotencyState",
    "MemberRole",
    "PartnerClient",
    "PartnerScope",
    "Province",
    "StorefrontGrant",
    "User",
    "Vendor",
    "VendorInvitation",
    "VendorKind",
    "VendorMembership",
    "VendorStatus",
    "WebhookDelivery",
    "WebhookDispatchState",
    "WebhookSubscription",
]
