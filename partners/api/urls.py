"""URLs of the partners API (included under /api/v1/ by the root urls)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import DefaultRouter

from partners.api import clients, webhooks
from partners.api.feed import ChangeFeedView

# A DefaultRouter for the same format-suffix routes (.json) the root router gives; the API
# root view stays the root router's.
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("partners/clients", clients.PartnerClientViewSet, basename="partner-client")
router.register(
    "partners/webhooks/deliveries",
    webhooks.WebhookDeliveryViewSet,
    basename="webhook-delivery",
)
router.register("partners/webhooks", webhooks.WebhookSubscriptionViewSet, basename="webhook")

urlpatterns: list[URLPattern | URLResolver] = [
    path("feed/changes/", ChangeFeedView.as_view(), name="feed-changes"),
    path(
        "partners/clients/<int:client_id>/keys/",
        clients.PartnerKeysView.as_view(),
        name="partner-keys",
    ),
    path(
        "partners/clients/<int:client_id>/keys/<int:key_id>/rotate/",
        clients.PartnerKeyRotateView.as_view(),
        name="partner-key-rotate",
    ),
    path(
        "partners/clients/<int:client_id>/keys/<int:key_id>/revoke/",
        clients.PartnerKeyRevokeView.as_view(),
        name="partner-key-revoke",
    ),
    path(
        "vendors/<slug:slug>/partner-grants/",
        clients.PartnerGrantsView.as_view(),
        name="partner-grants",
    ),
    path(
        "vendors/<slug:slug>/partner-grants/<int:grant_id>/revoke/",
        clients.PartnerGrantRevokeView.as_view(),
        name="partner-grant-revoke",
    ),
    *router.urls,
]
