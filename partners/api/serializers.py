"""Serializers of the partners API, by subject: clients, keys and grants; the change feed
(whose resources are the public items of catalog, fairs and the exchange); webhooks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import CertificatePublicSerializer, ProductListSerializer
from core.clients import PartnerScope
from fairs.api.serializers_fairs import FairListSerializer
from leads.api.serializers import LeadSerializer
from marketplace.api.serializers import VendorPublicSerializer
from partners.models import (
    ApiKey,
    ChangeKind,
    PartnerClient,
    StorefrontGrant,
    WebhookDelivery,
    WebhookSubscription,
)
from partners.selectors.feed import FEED_KINDS
from traceability.api.serializers import TraceSerializer
from traceability.selectors import trace_record

# --- clients, keys, grants ---------------------------------------------------------------------


class PartnerClientSerializer(serializers.ModelSerializer):
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=PartnerScope.choices), allow_empty=True
    )

    class Meta:
        model = PartnerClient
        fields = [
            "id",
            "name",
            "contact_email",
            "scopes",
            "is_active",
            "rate_limit_per_minute",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"rate_limit_per_minute": {"min_value": 1, "max_value": 100_000}}


class ApiKeySerializer(serializers.ModelSerializer):
    """A key as people see it later: the prefix, never the key or its hash."""

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "replaced_by",
        ]
        read_only_fields = fields


class IssuedKeySerializer(ApiKeySerializer):
    key = serializers.CharField(
        read_only=True, help_text=_("The API key. Shown in this answer only; store it now.")
    )

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class KeyIssueSerializer(serializers.Serializer):
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class PartnerClientRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerClient
        fields = ["id", "name", "scopes", "is_active"]
        read_only_fields = fields


class StorefrontGrantSerializer(serializers.ModelSerializer):
    client = PartnerClientRefSerializer(read_only=True)

    class Meta:
        model = StorefrontGrant
        fields = ["id", "client", "created_at", "revoked_at"]
        read_only_fields = fields


class GrantCreateSerializer(serializers.Serializer):
    client = serializers.PrimaryKeyRelatedField(queryset=PartnerClient.objects.all())


# --- the change feed ---------------------------------------------------------------------------

FEED_PAGE_SIZE = 100
FEED_MAX_PAGE_SIZE = 500


class FeedVendorSerializer(VendorPublicSerializer):
    """A storefront as the feed shows it: the public item without the product count, which
    changes with every product and would need a storefront change each time."""

    class Meta(VendorPublicSerializer.Meta):
        fields = [f for f in VendorPublicSerializer.Meta.fields if f != "product_count"]


class FeedCertificateSerializer(CertificatePublicSerializer):
    product: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta(CertificatePublicSerializer.Meta):
        fields = [*CertificatePublicSerializer.Meta.fields, "product"]


class FeedLotSerializer(TraceSerializer):
    """A lot as the feed shows it: its public trace record (GET /api/v1/trace/{code}/)."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return trace_record(instance)


RESOURCE_SERIALIZERS: dict[str, type[serializers.BaseSerializer]] = {
    ChangeKind.PRODUCT: ProductListSerializer,
    ChangeKind.VENDOR: FeedVendorSerializer,
    ChangeKind.CERTIFICATE: FeedCertificateSerializer,
    ChangeKind.FAIR: FairListSerializer,
    ChangeKind.LEAD: LeadSerializer,  # without the contact: partners are not members (D145)
    ChangeKind.LOT: FeedLotSerializer,
}


class FeedEntrySerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume after this entry by passing it as cursor.")
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in FEED_KINDS])
    id = serializers.IntegerField(help_text="The object's id within its kind.")
    event = serializers.CharField(help_text="The latest change, e.g. product.published.")
    at = serializers.DateTimeField()
    resource = serializers.SerializerMethodField(allow_null=True)
    tombstone = serializers.BooleanField(
        help_text="The object is no longer public: delete your copy. `resource` is null."
    )

    @extend_schema_field(
        PolymorphicProxySerializer(
            component_name="FeedResource",
            serializers=[
                ProductListSerializer,
                FeedVendorSerializer,
                FeedCertificateSerializer,
                FairListSerializer,
                LeadSerializer,
                FeedLotSerializer,
            ],
            resource_type_field_name=None,
        )
    )
    def get_resource(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        return obj["resource"]


class FeedPageSerializer(serializers.Serializer):
    results = FeedEntrySerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as cursor for the next page; keep it for the next sync."
    )
    has_more = serializers.BooleanField()


class FeedQuerySerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False)
    kinds = serializers.CharField(required=False)
    updated_since = serializers.DateTimeField(required=False)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=FEED_MAX_PAGE_SIZE, default=FEED_PAGE_SIZE
    )


# --- webhooks ----------------------------------------------------------------------------------


class WebhookSubscriptionSerializer(serializers.ModelSerializer[WebhookSubscription]):
    events = serializers.ListField(child=serializers.CharField(max_length=40))

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "client",
            "url",
            "events",
            "description",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "client",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        ]


class WebhookSubscriptionWriteSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    client = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Moderators only: the partner client to subscribe.",
    )


class WebhookSubscriptionSecretSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Signs deliveries. Shown only now: store it."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    class Meta:
        model = WebhookDelivery
        fields = [
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
        ]
        read_only_fields = fields
