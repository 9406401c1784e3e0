"""The API of the cart and the checkout."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER_PEOPLE, idempotent
from core.api.serializers import ProblemSerializer
from marketplace.permissions import acting_user
from orders.api.commerce_serializers import (
    CartAddSerializer,
    CartChangeSerializer,
    CartSerializer,
    CheckoutResultSerializer,
    CheckoutSerializer,
)
from orders.api.viewer import Viewer
from orders.selectors import cart_summary
from orders.services import carts
from orders.services.checkout import Delivery, checkout_place

ERRORS = {401: ProblemSerializer, 403: ProblemSerializer, 404: ProblemSerializer}


def _cart(request: Request, code: int = status.HTTP_200_OK) -> Response:
    return Response(CartSerializer(cart_summary(request.user)).data, status=code)


class CartView(APIView):
    """My cart, grouped by storefront, with what changed since I filled it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: CartSerializer, 401: ProblemSerializer})
    def get(self, request: Request) -> Response:
        return _cart(request)

    @extend_schema(responses={200: CartSerializer, 401: ProblemSerializer})
    def delete(self, request: Request) -> Response:
        carts.cart_clear(buyer=acting_user(request))
        return _cart(request)


class CartItemsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CartAddSerializer,
        responses={201: CartSerializer, 400: ProblemSerializer, **ERRORS},
        summary="Put a product in my cart (units add up with a line already there)",
    )
    def post(self, request: Request) -> Response:
        data = CartAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carts.cart_add(
            buyer=acting_user(request),
            product_slug=data.validated_data["product"],
            quantity=data.validated_data["quantity"],
        )
        return _cart(request, status.HTTP_201_CREATED)


class CartItemView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CartChangeSerializer,
        responses={200: CartSerializer, 400: ProblemSerializer, **ERRORS},
        summary="Change a line's quantity (and accept today's price)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = CartChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carts.cart_change(
            buyer=acting_user(request), item_id=pk, quantity=data.validated_data["quantity"]
        )
        return _cart(request)

    @extend_schema(responses={200: CartSerializer, **ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        carts.cart_remove(buyer=acting_user(request), item_id=pk)
        return _cart(request)


class CheckoutView(APIView):
    """One order per storefront from my cart (or the `lines` given), in one transaction."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CheckoutSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER_PEOPLE],
        responses={
            201: CheckoutResultSerializer,
            400: ProblemSerializer,
            409: ProblemSerializer,
            422: ProblemSerializer,
            **ERRORS,
        },
    )
    @idempotent(people=True)
    def post(self, request: Request) -> Response:
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v: dict[str, Any] = data.validated_data
        lines = v.get("lines")
        checkout = checkout_place(
            buyer=acting_user(request),
            delivery=Delivery.from_address(v),
            lines=[(ln["product"], ln["quantity"]) for ln in lines] if lines else None,
            payment_method=v.get("payment_method"),
            payment_methods=v.get("payment_methods"),
        )
        viewer = Viewer(request)
        body = {
            "id": checkout.pk,
            "total": checkout.total,
            "created_at": checkout.created_at,
            # The buyer's own orders as just written, lines and payment included: no read back.
            "orders": checkout.placed_orders,
        }
        return Response(
            CheckoutResultSerializer(body, context={"viewer": viewer}).data,
            status=status.HTTP_201_CREATED,
        )
