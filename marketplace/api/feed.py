"""The partner change feed: `GET /api/v1/feed/changes/`.

A partner follows `next_cursor` until `has_more` is false, upserts every entry with a resource
and deletes every tombstone; starting from no cursor covers everything public (D67).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.serializers import CertificatePublicSerializer, ProductListSerializer
from core.errors import NotAllowed, ValidationFailed
from fairs.api.serializers_fairs import FairListSerializer
from marketplace.api.partner_auth import HasPartnerScope, partner_client
from marketplace.api.serializers import VendorPublicSerializer
from marketplace.feed_selectors import (
    FEED_KINDS,
    change_position,
    cursor_decode,
    cursor_encode,
    feed_changes,
    feed_public_objects,
)
from marketplace.models import ChangeKind, PartnerScope
from marketplace.permissions import is_moderator

FEED_PAGE_SIZE = 100
FEED_MAX_PAGE_SIZE = 500
KIND_SCOPES: dict[str, str] = {
    ChangeKind.PRODUCT: PartnerScope.CATALOG_READ,
    ChangeKind.VENDOR: PartnerScope.CATALOG_READ,
    ChangeKind.CERTIFICATE: PartnerScope.CATALOG_READ,
    ChangeKind.FAIR: PartnerScope.FAIRS_READ,
}


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


RESOURCE_SERIALIZERS: dict[str, type[serializers.BaseSerializer]] = {
    ChangeKind.PRODUCT: ProductListSerializer,
    ChangeKind.VENDOR: FeedVendorSerializer,
    ChangeKind.CERTIFICATE: FeedCertificateSerializer,
    ChangeKind.FAIR: FairListSerializer,
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


class CanReadFeed(BasePermission):
    """Moderators, or partner clients holding `catalog:read`."""

    message = HasPartnerScope.message

    def has_permission(self, request: Request, view: Any) -> bool:
        if is_moderator(request.user):
            return True
        return HasPartnerScope.with_scopes(PartnerScope.CATALOG_READ)().has_permission(
            request, view
        )


class ChangeFeedView(APIView):
    permission_classes = [CanReadFeed]

    def _kinds(self, request: Request, raw: str | None) -> list[str]:
        client = partner_client(request)
        if not raw:
            kinds = [k.value for k in FEED_KINDS]
            if client is not None:  # by default, what the client may read
                kinds = [k for k in kinds if client.has_scope(KIND_SCOPES[k])]
            return kinds
        kinds = [k.strip() for k in raw.split(",") if k.strip()]
        unknown = sorted(set(kinds) - {k.value for k in FEED_KINDS})
        if unknown:
            raise ValidationFailed(
                _("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)},
                errors={"kinds": [_("Choose from product, vendor, certificate, fair.")]},
            )
        if client is not None:
            missing = sorted(
                {KIND_SCOPES[k] for k in kinds if not client.has_scope(KIND_SCOPES[k])}
            )
            if missing:
                raise NotAllowed(
                    _("This partner client lacks a required scope: %(scopes)s.")
                    % {"scopes": ", ".join(missing)}
                )
        return kinds

    @extend_schema(
        operation_id="feed_changes",
        summary="Changes to public objects since a cursor, with tombstones",
        parameters=[
            OpenApiParameter("cursor", str, description="next_cursor of the previous page."),
            OpenApiParameter(
                "kinds", str, description="Comma-separated: product,vendor,certificate,fair."
            ),
            OpenApiParameter(
                "updated_since",
                str,
                description="ISO 8601 datetime; start at changes from then (without cursor).",
            ),
            OpenApiParameter("page_size", int, description="1-500, default 100."),
        ],
        responses=FeedPageSerializer,
    )
    def get(self, request: Request) -> Response:
        query = FeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        kinds = self._kinds(request, params.get("kinds"))
        after = None
        if params.get("cursor"):
            after = cursor_decode(params["cursor"])
            if after is None:
                raise ValidationFailed(
                    _("This cursor is not valid."),
                    errors={"cursor": [_("Pass a next_cursor this feed returned.")]},
                )
        page = feed_changes(
            after=after,
            kinds=kinds,
            updated_since=params.get("updated_since"),
            limit=params["page_size"],
        )
        found = feed_public_objects(page.changes)
        context = {"request": request}
        results = []
        for change in page.changes:
            obj = found.get((change.kind, change.object_id))
            resource = (
                RESOURCE_SERIALIZERS[change.kind](obj, context=context).data
                if obj is not None
                else None
            )
            results.append(
                {
                    "cursor": cursor_encode(change_position(change)),
                    "kind": change.kind,
                    "id": change.object_id,
                    "event": change.event,
                    "at": change.at,
                    "resource": resource,
                    "tombstone": obj is None,
                }
            )
        data = {
            "results": results,
            "next_cursor": cursor_encode(page.next_position) if page.next_position else None,
            "has_more": page.has_more,
        }
        return Response(FeedPageSerializer(data).data)
