"""The API of buying: a buyer's inquiries and a storefront's answers."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.permissions import acting_user as _user
from orders.api.serializers import (
    InquiryCreateSerializer,
    InquiryDetailSerializer,
    InquiryMessageSerializer,
    InquiryReplySerializer,
    InquirySerializer,
)
from orders.models import Inquiry, InquiryMessage
from orders.selectors import inquiry_list_for
from orders.services import inquiries

# --- inquiries -----------------------------------------------------------------------------


class InquiryFilter(filters.FilterSet):
    role = filters.ChoiceFilter(
        choices=[("buyer", "buyer"), ("vendor", "vendor")],
        method="filter_role",
        help_text="buyer: inquiries I sent; vendor: inquiries to my storefronts.",
    )
    status = filters.CharFilter(field_name="status")
    vendor = filters.CharFilter(field_name="vendor__slug")

    class Meta:
        model = Inquiry
        fields: list[str] = []

    def filter_role(self, qs: QuerySet[Inquiry], name: str, value: str) -> QuerySet[Inquiry]:
        user = self.request.user
        if value == "buyer":
            return qs.filter(buyer_id=user.pk)
        return qs.filter(vendor__memberships__user_id=user.pk)


class InquiryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Inquiries I sent, inquiries to my storefronts, or all of them for a moderator."""

    permission_classes = [IsAuthenticated]
    filterset_class = InquiryFilter

    def get_queryset(self) -> QuerySet[Inquiry]:
        qs = inquiry_list_for(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("messages", queryset=InquiryMessage.objects.select_related("author"))
            )
        return qs

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return InquiryDetailSerializer if self.action == "retrieve" else InquirySerializer

    @extend_schema(request=InquiryCreateSerializer, responses={201: InquiryDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InquiryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        inquiry = inquiries.inquiry_create(
            product_slug=fields.pop("product"), actor=_user(request), **fields
        )
        return Response(
            InquiryDetailSerializer(self.get_queryset().get(pk=inquiry.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=InquiryReplySerializer, responses={201: InquiryMessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        inquiry = self.get_object()
        data = InquiryReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = inquiries.inquiry_reply(
            inquiry=inquiry, actor=_user(request), body=data.validated_data["body"]
        )
        return Response(InquiryMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        inquiry = inquiries.inquiry_close(inquiry=self.get_object(), actor=_user(request))
        return Response(InquirySerializer(inquiry).data)
