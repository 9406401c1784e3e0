"""The API of orders: buyers' and storefronts' lists, one order, its lifecycle actions; a
storefront's terms of sale and a product's stock count; VNPay's return URL and IPN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import product_list_visible
from core.api.clients import PartnerOrdersPermission, partner_client
from core.api.serializers import ProblemSerializer, ReasonSerializer
from core.errors import NotAllowed, ValidationFailed
from marketplace.models import Vendor
from marketplace.permissions import (
    acting_user,
    is_member,
    is_moderator,
    require_member,
    require_member_or_moderator,
    require_owner,
)
from marketplace.selectors import vendor_list_visible
from orders.api.commerce_serializers import (
    MarkPaidSerializer,
    OrderSerializer,
    ReturnSerializer,
    ShipSerializer,
    StockSerializer,
    StorefrontSalesSerializer,
)
from orders.api.viewer import Viewer
from orders.models import Order, OrderLine, OrderStatus, PaymentStatus
from orders.selectors import order_list_for, order_list_of_vendor
from orders.services import lifecycle, payments, sales
from orders.services import vnpay as vnpay_protocol
from orders.services.gateway import vnpay_ipn

ERRORS = {401: ProblemSerializer, 403: ProblemSerializer, 404: ProblemSerializer}
LINES = Prefetch("lines", queryset=OrderLine.objects.select_related("product"))


class OrderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=OrderStatus.choices)
    payment_status = filters.ChoiceFilter(
        field_name="payment__status", choices=PaymentStatus.choices
    )
    placed_after = filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="gte")
    placed_before = filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="lt")
    number = filters.CharFilter(field_name="number", lookup_expr="iexact")

    class Meta:
        model = Order
        fields: list[str] = []


class _OrderList(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    filterset_class = OrderFilter

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": Viewer(self.request)}


class MyOrdersView(_OrderList):
    """Orders I bought (a moderator: every order)."""

    @extend_schema(
        responses={200: OrderSerializer(many=True), 400: ProblemSerializer, 401: ProblemSerializer}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Order]:
        qs = order_list_for(self.request.user).prefetch_related(LINES)
        return qs if is_moderator(self.request.user) else qs.filter(buyer_id=self.request.user.pk)


class VendorOrdersView(_OrderList):
    """A storefront's orders, for its members and moderators, and for partner clients with
    `orders:read` that the storefront granted access (without the delivery details, D141)."""

    permission_classes = [PartnerOrdersPermission]

    @extend_schema(responses={200: OrderSerializer(many=True), 400: ProblemSerializer, **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Order]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Order.objects.none()
        vendor = get_object_or_404(vendor_list_visible(self.request.user), slug=self.kwargs["slug"])
        partner = partner_client(self.request)
        if partner is not None:
            if not partner.has_storefront_grant(vendor.pk):
                raise NotAllowed(_("This storefront has not granted this partner client access."))
        else:
            require_member_or_moderator(self.request.user, vendor)
        return order_list_of_vendor(vendor).prefetch_related(LINES)


class OrderDetailView(generics.RetrieveAPIView):
    """One order: its buyer, its storefront's members and moderators; others get 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    lookup_field = "number"

    def get_queryset(self) -> QuerySet[Order]:
        return order_list_for(self.request.user).prefetch_related(LINES)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": Viewer(self.request)}

    @extend_schema(responses={200: OrderSerializer, **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --- lifecycle actions ----------------------------------------------------------------------

SELLER, BUYER, EITHER = "seller", "buyer", "either"


class _OrderAction(APIView):
    """POST /orders/{number}/{action}/: who may act is checked before the body is read."""

    permission_classes = [IsAuthenticated]
    who = SELLER
    body: type[serializers.Serializer] | None = None
    run: Callable[..., Any]

    def post(self, request: Request, number: str) -> Response:
        user = acting_user(request)
        order = get_object_or_404(order_list_for(user), number=number)
        seller = is_member(user, order.vendor) or is_moderator(user)
        buyer = order.buyer_id == user.pk
        allowed = {SELLER: seller, BUYER: buyer or is_moderator(user), EITHER: seller or buyer}
        if not allowed[self.who]:
            raise NotAllowed(
                _("Only the buyer may do this.")
                if self.who == BUYER
                else _("Only the storefront that sells this order may do this.")
            )
        fields: dict[str, Any] = {}
        if self.body is not None:
            data = self.body(data=request.data)
            data.is_valid(raise_exception=True)
            fields = dict(data.validated_data)
        type(self).run(order=order, actor=user, **fields)
        fresh = order_list_for(user).prefetch_related(LINES).get(pk=order.pk)
        return Response(OrderSerializer(fresh, context={"viewer": Viewer(request)}).data)


ACTION_ERRORS = {400: ProblemSerializer, 409: ProblemSerializer, **ERRORS}


def _action(
    name: str,
    who: str,
    run: Callable[..., Any],
    body: type[serializers.Serializer] | None,
    doc: str,
) -> type[_OrderAction]:
    documented = extend_schema(
        request=body, responses={200: OrderSerializer, **ACTION_ERRORS}, summary=doc
    )(_OrderAction.post)
    return type(
        f"Order{name.title().replace('-', '')}View",
        (_OrderAction,),
        {
            "who": who,
            "body": body,
            "run": staticmethod(run),
            "__doc__": doc,
            "post": documented,
        },
    )


ORDER_ACTIONS: dict[str, type[_OrderAction]] = {
    "confirm": _action(
        "confirm", SELLER, lifecycle.order_confirm, None, "The storefront confirms the order"
    ),
    "ship": _action(
        "ship", SELLER, lifecycle.order_ship, ShipSerializer, "Shipped: carrier and tracking code"
    ),
    "deliver": _action(
        "deliver", SELLER, lifecycle.order_deliver, None, "Delivered (cash on delivery: paid)"
    ),
    "complete": _action(
        "complete", BUYER, lifecycle.order_complete, None, "The buyer confirms receipt"
    ),
    "cancel": _action(
        "cancel",
        EITHER,
        lifecycle.order_cancel,
        ReasonSerializer,
        "Cancel: the buyer before confirmation; the storefront with a reason before shipping",
    ),
    "return": _action(
        "return",
        BUYER,
        lifecycle.order_return,
        ReturnSerializer,
        "Return after delivery, within the return window",
    ),
    "mark-paid": _action(
        "mark-paid",
        SELLER,
        payments.payment_mark_paid,
        MarkPaidSerializer,
        "The storefront saw the bank transfer (or the cash) arrive",
    ),
}


# --- a storefront's terms of sale, a product's stock -------------------------------------------


class StorefrontSalesView(APIView):
    """A storefront's payment methods, bank account and shipping fee: members read, owners
    change."""

    permission_classes = [IsAuthenticated]

    def _vendor(self, request: Request, slug: str) -> Vendor:
        return get_object_or_404(vendor_list_visible(request.user), slug=slug)

    def _render(self, vendor: Vendor) -> Response:
        terms = sales.sales_terms(vendor)
        return Response(
            StorefrontSalesSerializer({f: getattr(terms, f) for f in sales.SALES_FIELDS}).data
        )

    @extend_schema(responses={200: StorefrontSalesSerializer, **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        vendor = self._vendor(request, slug)
        require_member(request.user, vendor)
        return self._render(vendor)

    @extend_schema(
        request=StorefrontSalesSerializer,
        responses={200: StorefrontSalesSerializer, 400: ProblemSerializer, **ERRORS},
    )
    def patch(self, request: Request, slug: str) -> Response:
        vendor = self._vendor(request, slug)
        require_owner(request.user, vendor)
        data = StorefrontSalesSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        sales.sales_update(vendor=vendor, actor=acting_user(request), **data.validated_data)
        return self._render(Vendor.objects.get(pk=vendor.pk))


class ProductStockView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StockSerializer,
        responses={200: StockSerializer, 400: ProblemSerializer, **ERRORS},
        summary="Count a product's stock (a number) or stop counting it (null)",
    )
    def put(self, request: Request, slug: str) -> Response:
        product = get_object_or_404(
            product_list_visible(request.user).select_related("vendor"), slug=slug
        )
        require_member(request.user, product.vendor)
        data = StockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quantity = sales.stock_set(
            product=product, actor=acting_user(request), quantity=data.validated_data["quantity"]
        )
        return Response({"quantity": quantity})


# --- VNPay ------------------------------------------------------------------------------------

IPN_ANSWER = inline_serializer(
    "VnpayIpnAnswer", {"RspCode": serializers.CharField(), "Message": serializers.CharField()}
)


class VnpayIpnView(APIView):
    """VNPay's server-to-server call with a payment's result (signed; answered in VNPay's own
    JSON, never the error shape: the gateway reads RspCode)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes: list[type] = []

    @extend_schema(responses={200: IPN_ANSWER})
    def get(self, request: Request) -> JsonResponse:
        code, message = vnpay_ipn({k: str(v) for k, v in request.query_params.items()})
        response = JsonResponse({"RspCode": code, "Message": message})
        response["Cache-Control"] = "no-store"  # a gateway's answer, never a cache's
        return response


class VnpayReturnView(APIView):
    """Where VNPay sends the buyer back: shows the result (the IPN is what records it)."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "VnpayReturn",
                {
                    "order": serializers.CharField(),
                    "succeeded": serializers.BooleanField(),
                    "payment_status": serializers.CharField(allow_null=True),
                },
            ),
            400: ProblemSerializer,
        }
    )
    def get(self, request: Request) -> Response:
        params = {k: str(v) for k, v in request.query_params.items()}
        if not vnpay_protocol.signature_valid(params):
            raise ValidationFailed(
                _("The payment result's signature is wrong."), code="invalid_signature"
            )
        number = params.get("vnp_TxnRef", "")
        order = Order.objects.filter(number=number).select_related("payment").first()
        return Response(
            {
                "order": number,
                "succeeded": params.get("vnp_ResponseCode") == "00",
                "payment_status": order.payment.status if order else None,
            },
            status=status.HTTP_200_OK,
            headers={"Cache-Control": "no-store"},
        )
