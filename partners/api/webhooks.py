"""Partner webhooks API: subscriptions, secret rotation, the delivery log, redelivery.

A partner key with the `webhooks:manage` scope manages its own client's subscriptions; a
moderator manages any client's (and names the client when creating one). Another client's
subscription or delivery answers 404, never 403, so ids reveal nothing.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import PageNumberPagination
from core.clients import PartnerScope
from core.errors import NotFound, ValidationFailed
from marketplace.permissions import acting_user_or_none, is_moderator
from partners.api.authentication import request_partner
from partners.api.serializers import (
    WebhookDeliverySerializer,
    WebhookSubscriptionSecretSerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionWriteSerializer,
)
from partners.models import DeliveryStatus, PartnerClient, WebhookDelivery, WebhookSubscription
from partners.selectors.webhooks import (
    webhook_delivery_get,
    webhook_delivery_list,
    webhook_subscription_list,
)
from partners.services.webhooks import subscriptions as services
from partners.services.webhooks.delivery import webhook_delivery_redeliver

# Ids in paths and filters: digits that fit a 64-bit integer (longer ones are simply not found).
ID_PATTERN = r"[0-9]{1,18}"


def _id_or_none(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(ID_PATTERN, value) else None


class CanManageWebhooks(BasePermission):
    """A moderator, or a partner client holding `webhooks:manage`."""

    message = _("Only moderators or partner clients with the webhooks:manage scope may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request_partner(request)
        if client is not None:
            return client.has_scope(PartnerScope.WEBHOOKS_MANAGE)
        return is_moderator(request.user)


def _with_secret(sub: WebhookSubscription, secret: str) -> dict[str, Any]:
    data = dict(WebhookSubscriptionSerializer(sub).data)
    data["secret"] = secret
    return data


class WebhookSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[WebhookSubscription],
):
    permission_classes = [CanManageWebhooks]
    serializer_class = WebhookSubscriptionSerializer
    pagination_class = PageNumberPagination
    lookup_value_regex = ID_PATTERN
    extra_query_params = ("client",)  # read by get_queryset (D91)

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        client = request_partner(self.request)
        raw = self.request.query_params.get("client") if client is None else None
        # A malformed client id matches nothing (0 is never an id) rather than everything.
        client_id = None if raw is None else (_id_or_none(raw) or 0)
        return webhook_subscription_list(client=client, client_id=client_id)

    @extend_schema(
        parameters=[
            OpenApiParameter("client", int, description="Moderators: one client's subscriptions.")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=WebhookSubscriptionWriteSerializer,
        responses={201: WebhookSubscriptionSecretSerializer},
    )
    def create(self, request: Request) -> Response:
        body = WebhookSubscriptionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        client = request_partner(request)
        if client is None:
            client_id = body.validated_data.get("client")
            client = PartnerClient.objects.filter(pk=client_id).first() if client_id else None
            if client is None:
                raise ValidationFailed(
                    _("Name the partner client to subscribe."),
                    errors={"client": [_("Give the id of an existing partner client.")]},
                )
        sub, secret = services.webhook_subscription_create(
            client=client,
            url=body.validated_data["url"],
            events=body.validated_data["events"],
            description=body.validated_data.get("description", ""),
            actor=acting_user_or_none(request),
        )
        return Response(_with_secret(sub, secret), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WebhookSubscriptionWriteSerializer(partial=True),
        responses=WebhookSubscriptionSerializer,
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        body = WebhookSubscriptionWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        sub = services.webhook_subscription_update(
            subscription=self.get_object(),
            url=body.validated_data.get("url"),
            events=body.validated_data.get("events"),
            description=body.validated_data.get("description"),
            actor=acting_user_or_none(request),
        )
        return Response(WebhookSubscriptionSerializer(sub).data)

    def perform_destroy(self, instance: WebhookSubscription) -> None:
        services.webhook_subscription_delete(
            subscription=instance, actor=acting_user_or_none(self.request)
        )

    @extend_schema(request=None, responses=WebhookSubscriptionSecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        sub, secret = services.webhook_secret_rotate(
            subscription=self.get_object(), actor=acting_user_or_none(request)
        )
        return Response(_with_secret(sub, secret))

    @extend_schema(request=None, responses=WebhookSubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def enable(self, request: Request, pk: str | None = None) -> Response:
        sub = services.webhook_subscription_enable(
            subscription=self.get_object(), actor=acting_user_or_none(request)
        )
        return Response(WebhookSubscriptionSerializer(sub).data)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=DeliveryStatus.values)],
        responses=WebhookDeliverySerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        serializer_class=WebhookDeliverySerializer,
        extra_query_params=("status",),  # read by hand below (D91)
    )
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in DeliveryStatus.values:
            raise ValidationFailed(
                _("Unknown delivery status."),
                errors={"status": [", ".join(DeliveryStatus.values)]},
            )
        qs = webhook_delivery_list(subscription=self.get_object(), status=wanted)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class WebhookDeliveryViewSet(viewsets.GenericViewSet[WebhookDelivery]):
    permission_classes = [CanManageWebhooks]
    serializer_class = WebhookDeliverySerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[WebhookDelivery]:  # for the schema only
        return WebhookDelivery.objects.none()

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str | None = None) -> Response:
        try:
            delivery = webhook_delivery_get(
                client=request_partner(request), delivery_id=int(pk or 0)
            )
        except WebhookDelivery.DoesNotExist:
            raise NotFound(_("No such webhook delivery.")) from None
        delivery = webhook_delivery_redeliver(delivery=delivery, actor=acting_user_or_none(request))
        delivery.refresh_from_db()
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
