"""Partner clients and keys (moderators) and storefront grants (a storefront's owners).

/api/v1/partners/clients/                          GET, POST
/api/v1/partners/clients/{id}/                     GET, PATCH
/api/v1/partners/clients/{id}/keys/                GET, POST (the key is in this answer only)
/api/v1/partners/clients/{id}/keys/{key}/rotate/   POST (a new key; the old one expires later)
/api/v1/partners/clients/{id}/keys/{key}/revoke/   POST
/api/v1/vendors/{slug}/partner-grants/             GET, POST {"client": id}
/api/v1/vendors/{slug}/partner-grants/{id}/revoke/ POST
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import selectors
from marketplace.api.permissions import IsModerator
from marketplace.models import Vendor
from marketplace.permissions import acting_user as _user
from marketplace.permissions import require_owner
from partners.api.serializers import (
    ApiKeySerializer,
    GrantCreateSerializer,
    IssuedKeySerializer,
    KeyIssueSerializer,
    PartnerClientSerializer,
    StorefrontGrantSerializer,
)
from partners.models import ApiKey, PartnerClient, StorefrontGrant
from partners.services import clients as partner_services


def _issued(issued: partner_services.IssuedKey) -> dict[str, Any]:
    data = dict(ApiKeySerializer(issued.api_key).data)
    data["key"] = issued.plaintext
    return data


class PartnerClientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partner clients, for moderators. Deactivate with PATCH {"is_active": false}."""

    permission_classes = [IsModerator]
    serializer_class = PartnerClientSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PartnerClient]:
        return PartnerClient.objects.order_by("name", "id")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = partner_services.partner_client_create(
            actor=_user(self.request), data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = partner_services.partner_client_update(
            client=self.get_object(),
            actor=_user(self.request),
            data=dict(serializer.validated_data),
        )


class PartnerKeysView(APIView):
    permission_classes = [IsModerator]

    @extend_schema(responses=ApiKeySerializer(many=True))
    def get(self, request: Request, client_id: int) -> Response:
        client = get_object_or_404(PartnerClient, pk=client_id)
        return Response(
            ApiKeySerializer(client.keys.order_by("-created_at", "-id"), many=True).data
        )

    @extend_schema(request=KeyIssueSerializer, responses={201: IssuedKeySerializer})
    def post(self, request: Request, client_id: int) -> Response:
        client = get_object_or_404(PartnerClient, pk=client_id)
        data = KeyIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = partner_services.api_key_issue(
            client=client, actor=_user(request), expires_at=data.validated_data.get("expires_at")
        )
        return Response(_issued(issued), status=status.HTTP_201_CREATED)


class PartnerKeyRotateView(APIView):
    permission_classes = [IsModerator]

    @extend_schema(request=None, responses={201: IssuedKeySerializer})
    def post(self, request: Request, client_id: int, key_id: int) -> Response:
        api_key = get_object_or_404(ApiKey, pk=key_id, client_id=client_id)
        issued = partner_services.api_key_rotate(api_key=api_key, actor=_user(request))
        return Response(_issued(issued), status=status.HTTP_201_CREATED)


class PartnerKeyRevokeView(APIView):
    permission_classes = [IsModerator]

    @extend_schema(request=None, responses=ApiKeySerializer)
    def post(self, request: Request, client_id: int, key_id: int) -> Response:
        api_key = get_object_or_404(ApiKey, pk=key_id, client_id=client_id)
        api_key = partner_services.api_key_revoke(api_key=api_key, actor=_user(request))
        return Response(ApiKeySerializer(api_key).data)


def _owned_vendor(request: Request, slug: str) -> Vendor:
    """A storefront the user can see (else 404, D3) and owns (else 403)."""
    vendor = get_object_or_404(selectors.vendor_list_visible(request.user), slug=slug)
    require_owner(_user(request), vendor)
    return vendor


class PartnerGrantsView(APIView):
    """The partner clients this storefront lets write its listings (owners only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=StorefrontGrantSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        vendor = _owned_vendor(request, slug)
        grants = StorefrontGrant.objects.filter(vendor=vendor).select_related("client")
        return Response(StorefrontGrantSerializer(grants, many=True).data)

    @extend_schema(request=GrantCreateSerializer, responses={201: StorefrontGrantSerializer})
    def post(self, request: Request, slug: str) -> Response:
        vendor = _owned_vendor(request, slug)
        data = GrantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = partner_services.storefront_grant_create(
            vendor=vendor, client=data.validated_data["client"], actor=_user(request)
        )
        return Response(StorefrontGrantSerializer(grant).data, status=status.HTTP_201_CREATED)


class PartnerGrantRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=StorefrontGrantSerializer)
    def post(self, request: Request, slug: str, grant_id: int) -> Response:
        vendor = _owned_vendor(request, slug)
        grant = get_object_or_404(StorefrontGrant, pk=grant_id, vendor=vendor)
        grant = partner_services.storefront_grant_revoke(grant=grant, actor=_user(request))
        return Response(StorefrontGrantSerializer(grant).data)
