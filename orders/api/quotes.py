"""The API of quotes (D130): a storefront quotes an inquiry, the buyer accepts it as an order
or the storefront withdraws it.

GET/POST /inquiries/{id}/quotes/ · GET /quotes/{id}/ · POST /quotes/{id}/accept/ ·
POST /quotes/{id}/withdraw/. Who may see a quote is who may see its inquiry (others: 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER_PEOPLE, idempotent
from core.api.serializers import ProblemSerializer
from core.errors import NotAllowed
from marketplace.permissions import acting_user, is_member
from marketplace.validators import normalize_phone, validate_phone
from orders.api.commerce_serializers import OrderSerializer
from orders.api.viewer import Viewer
from orders.models import Inquiry, PaymentMethod, Quote, QuoteLine
from orders.selectors import inquiry_list_for, order_list_for, quote_list_for
from orders.services import quotes
from orders.services.checkout import Delivery
from orders.services.pricing import line_total

ERRORS = {401: ProblemSerializer, 403: ProblemSerializer, 404: ProblemSerializer}
STATES = ["open", "accepted", "withdrawn", "expired"]


class QuoteLineInSerializer(serializers.Serializer):
    product = serializers.SlugField(help_text="The storefront's product (price on request too).")
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)
    unit_price = serializers.IntegerField(min_value=0, max_value=10**12, help_text="VND.")


class QuoteCreateSerializer(serializers.Serializer):
    lines = QuoteLineInSerializer(many=True)
    shipping_fee = serializers.IntegerField(min_value=0, max_value=10**10, default=0)
    valid_until = serializers.DateField(help_text="Last day it may be accepted (Vietnam's date).")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_lines(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError(_("Quote at least one line."))
        if len(value) > 100:
            raise serializers.ValidationError(_("At most 100 lines in one quote."))
        return value


class QuoteLineSerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    product_name = serializers.CharField(source="product.name", read_only=True)
    line_total = serializers.SerializerMethodField()

    class Meta:
        model = QuoteLine
        fields = ["product", "product_name", "quantity", "unit_price", "line_total"]

    def get_line_total(self, obj: QuoteLine) -> int:
        return line_total(obj.unit_price, obj.quantity)


class QuoteSerializer(serializers.ModelSerializer):
    inquiry = serializers.IntegerField(source="inquiry_id", read_only=True)
    vendor = serializers.CharField(source="inquiry.vendor.slug", read_only=True)
    status = serializers.SerializerMethodField()
    lines = QuoteLineSerializer(many=True, read_only=True)
    subtotal = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    order = serializers.SerializerMethodField()

    class Meta:
        model = Quote
        fields = [
            "id",
            "inquiry",
            "vendor",
            "status",
            "lines",
            "subtotal",
            "shipping_fee",
            "total",
            "valid_until",
            "note",
            "order",
            "created_at",
        ]

    @staticmethod
    def _subtotal(obj: Quote) -> int:
        return sum(line_total(ln.unit_price, ln.quantity) for ln in obj.lines.all())

    @extend_schema_field(serializers.ChoiceField(STATES))
    def get_status(self, obj: Quote) -> str:
        return quotes.quote_state(obj)

    def get_subtotal(self, obj: Quote) -> int:
        return self._subtotal(obj)

    def get_total(self, obj: Quote) -> int:
        return self._subtotal(obj) + obj.shipping_fee

    def get_order(self, obj: Quote) -> str | None:
        return obj.order.number if obj.order is not None else None


class QuoteAcceptSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=20, validators=[validate_phone])
    province = serializers.IntegerField(help_text="Province code (2025 units).")
    commune = serializers.IntegerField(help_text="Commune code (2025 units).")
    street = serializers.CharField(max_length=255)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    payment_method = serializers.ChoiceField(PaymentMethod.choices)

    def validate_phone(self, value: str) -> str:
        return normalize_phone(value)


class QuoteWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


QuoteAcceptedSerializer = inline_serializer(
    "QuoteAccepted", fields={"quote": QuoteSerializer(), "order": OrderSerializer()}
)


class InquiryQuotesView(generics.ListAPIView):
    """An inquiry's quotes, newest first and paged; its storefront's members add one."""

    permission_classes = [IsAuthenticated]
    serializer_class = QuoteSerializer

    def _inquiry(self, request: Request, pk: int) -> Inquiry:
        return get_object_or_404(inquiry_list_for(request.user), pk=pk)

    def get_queryset(self) -> QuerySet[Quote]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Quote.objects.none()
        inquiry = self._inquiry(self.request, self.kwargs["pk"])
        return quote_list_for(self.request.user).filter(inquiry=inquiry)

    @extend_schema(responses={200: QuoteSerializer(many=True), 400: ProblemSerializer, **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=QuoteCreateSerializer,
        responses={201: QuoteSerializer, 400: ProblemSerializer, 409: ProblemSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        inquiry = self._inquiry(request, pk)
        if not is_member(user, inquiry.vendor):
            raise NotAllowed(_("Only the storefront asked may quote."))
        data = QuoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        quote = quotes.quote_create(
            inquiry=inquiry,
            actor=user,
            lines=[(ln["product"], ln["quantity"], ln["unit_price"]) for ln in v["lines"]],
            shipping_fee=v["shipping_fee"],
            valid_until=v["valid_until"],
            note=v["note"],
        )
        return Response(
            QuoteSerializer(quote_list_for(user).get(pk=quote.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class QuoteDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: QuoteSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        quote = get_object_or_404(quote_list_for(acting_user(request)), pk=pk)
        return Response(QuoteSerializer(quote).data)


class QuoteAcceptView(APIView):
    """The inquiry's buyer accepts: one order at the quoted prices, with an address and a
    payment method. Refused with 409 `quote_expired`, `quote_withdrawn` or `quote_accepted`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=QuoteAcceptSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER_PEOPLE],
        responses={
            201: QuoteAcceptedSerializer,
            400: ProblemSerializer,
            409: ProblemSerializer,
            422: ProblemSerializer,
            **ERRORS,
        },
    )
    @idempotent(people=True)
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        quote = get_object_or_404(quote_list_for(user), pk=pk)
        if quote.inquiry.buyer_id != user.pk:
            raise NotAllowed(_("Only the buyer who asked may accept this quote."))
        data = QuoteAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        quote, order = quotes.quote_accept(
            quote=quote,
            actor=user,
            delivery=Delivery.from_address(v),
            payment_method=v["payment_method"],
        )
        order = order_list_for(user).prefetch_related("lines__product").get(pk=order.pk)
        body = {
            "quote": QuoteSerializer(quote_list_for(user).get(pk=quote.pk)).data,
            "order": OrderSerializer(order, context={"viewer": Viewer(request)}).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class QuoteWithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=QuoteWithdrawSerializer,
        responses={200: QuoteSerializer, 400: ProblemSerializer, 409: ProblemSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        quote = get_object_or_404(quote_list_for(user), pk=pk)
        if not is_member(user, quote.inquiry.vendor):
            raise NotAllowed(_("Only the storefront that quoted may withdraw this quote."))
        data = QuoteWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quotes.quote_withdraw(quote=quote, actor=user, reason=data.validated_data["reason"])
        return Response(QuoteSerializer(quote_list_for(user).get(pk=pk)).data)
