"""The lot API: a storefront's lots and their events under /api/v1/products/{slug}/lots/ (its
members; moderators read and recall), QR codes and exports, and the public trace record
(GET /api/v1/trace/{code}/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.models import Product
from catalog.selectors import product_list_visible
from core.api.params import refuse_unknown
from core.errors import NotFound, ValidationFailed
from marketplace.permissions import acting_user as _user
from marketplace.permissions import require_member, require_member_or_moderator
from traceability import codes, exports, scans, selectors, services, stamps
from traceability.api.serializers import (
    LotEventSerializer,
    LotEventWriteSerializer,
    LotOrderLineSerializer,
    LotOrderLineWriteSerializer,
    LotScansSerializer,
    LotSerializer,
    LotWriteSerializer,
    RecallSerializer,
    StampsQuerySerializer,
    TraceSerializer,
    validated,
)
from traceability.models import Lot, LotEvent

QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _product(request: Request, slug: str) -> Product:
    product = product_list_visible(request.user).filter(slug=slug).select_related("vendor").first()
    if product is None:
        raise NotFound(_("No such product."))
    return product


def _readable_product(request: Request, slug: str) -> Product:
    product = _product(request, slug)
    require_member_or_moderator(request.user, product.vendor)
    return product


def _lot(product: Product, code: str) -> Lot:
    lot = selectors.lot_list_of_product(product).filter(code=code).first()
    if lot is None:
        raise NotFound(_("No such lot."))
    lot.product = product
    return lot


def _file_param(request: Request, allowed: tuple[str, ...], default: str) -> str:
    value = request.query_params.get("file", default)
    if value not in allowed:
        message = _("Use one of: %(formats)s.") % {"formats": ", ".join(allowed)}
        raise ValidationFailed(message, errors={"file": [message]})
    return value


class LotListView(GenericAPIView):
    """Lots of a product: its storefront's members (and moderators) list them; members add."""

    permission_classes = [IsAuthenticated]
    serializer_class = LotSerializer
    queryset = Lot.objects.none()

    @extend_schema(operation_id="product_lots_list", responses=LotSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        product = _readable_product(request, slug)
        qs: QuerySet[Lot] = selectors.lot_list_of_product(product).order_by("-produced_on", "-id")
        page = self.paginate_queryset(self.filter_queryset(qs))
        for lot in page or []:
            lot.product = product
        return self.get_paginated_response(LotSerializer(page, many=True).data)

    @extend_schema(
        operation_id="product_lots_create",
        request=LotWriteSerializer,
        responses={201: LotSerializer},
    )
    def post(self, request: Request, slug: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        fields = validated(LotWriteSerializer, request.data)
        lot = services.lot_create(product=product, actor=_user(request), **fields)
        return Response(LotSerializer(lot).data, status=status.HTTP_201_CREATED)


class LotDetailView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = LotSerializer
    queryset = Lot.objects.none()

    @extend_schema(operation_id="product_lot_retrieve", responses=LotSerializer)
    def get(self, request: Request, slug: str, code: str) -> Response:
        lot = _lot(_readable_product(request, slug), code)
        return Response(LotSerializer(lot).data)

    @extend_schema(
        operation_id="product_lot_update", request=LotWriteSerializer, responses=LotSerializer
    )
    def patch(self, request: Request, slug: str, code: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        lot = _lot(product, code)
        fields = validated(LotWriteSerializer, request.data, partial=True)
        lot = services.lot_update(lot=lot, actor=_user(request), **fields)
        return Response(LotSerializer(lot).data)

    @extend_schema(operation_id="product_lot_delete", responses={204: None})
    def delete(self, request: Request, slug: str, code: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        services.lot_delete(lot=_lot(product, code), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LotPublishView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = LotSerializer
    queryset = Lot.objects.none()

    @extend_schema(operation_id="product_lot_publish", request=None, responses=LotSerializer)
    def post(self, request: Request, slug: str, code: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        lot = services.lot_publish(lot=_lot(product, code), actor=_user(request))
        lot.product = product
        return Response(LotSerializer(lot).data)


class LotRecallView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = LotSerializer
    queryset = Lot.objects.none()

    @extend_schema(
        operation_id="product_lot_recall", request=RecallSerializer, responses=LotSerializer
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        product = _readable_product(request, slug)
        lot = _lot(product, code)
        reason = validated(RecallSerializer, request.data)["reason"]
        lot = services.lot_recall(lot=lot, actor=_user(request), reason=reason)
        lot.product = product
        return Response(LotSerializer(lot).data)


class LotOrderLineView(GenericAPIView):
    """Record that an order line was filled from this lot (a recall then e-mails its buyer)."""

    permission_classes = [IsAuthenticated]
    serializer_class = LotOrderLineSerializer
    queryset = Lot.objects.none()

    @extend_schema(
        operation_id="product_lot_order_line_record",
        request=LotOrderLineWriteSerializer,
        responses={201: LotOrderLineSerializer},
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        lot = _lot(product, code)
        line_id = validated(LotOrderLineWriteSerializer, request.data)["order_line"]
        link = services.lot_order_line_record(lot=lot, actor=_user(request), order_line_id=line_id)
        return Response(LotOrderLineSerializer(link).data, status=status.HTTP_201_CREATED)


class LotQrView(GenericAPIView):
    """The QR code a package carries: the lot's Digital Link (or short trace URL)."""

    permission_classes = [IsAuthenticated]
    queryset = Lot.objects.none()

    @extend_schema(
        operation_id="product_lot_qr",
        parameters=[OpenApiParameter("file", enum=list(QR_TYPES), default="svg", required=False)],
        responses={
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request, slug: str, code: str) -> HttpResponse:
        lot = _lot(_readable_product(request, slug), code)
        kind = _file_param(request, tuple(QR_TYPES), "svg")
        url = selectors.lot_urls(lot)["trace_url"]
        response = HttpResponse(codes.qr(url, kind=kind), content_type=QR_TYPES[kind])
        response["Content-Disposition"] = f'inline; filename="lot-{lot.code}.{kind}"'
        return response


class LotStampsView(GenericAPIView):
    """A print-ready sheet of the lot's QR stamps for common A4 label papers (D168)."""

    permission_classes = [IsAuthenticated]
    queryset = Lot.objects.none()

    @extend_schema(
        operation_id="product_lot_stamps",
        parameters=[StampsQuerySerializer],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request, slug: str, code: str) -> HttpResponse:
        lot = _lot(_readable_product(request, slug), code)
        refuse_unknown(request.query_params, frozenset(StampsQuerySerializer().fields))
        query = validated(StampsQuerySerializer, request.query_params)
        body, content_type, name = stamps.lot_stamp_sheet(lot, **query)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class LotScansView(GenericAPIView):
    """How often the lot's QR was scanned, by day (its storefront's members, moderators)."""

    permission_classes = [IsAuthenticated]
    serializer_class = LotScansSerializer
    queryset = Lot.objects.none()

    @extend_schema(operation_id="product_lot_scans", responses=LotScansSerializer)
    def get(self, request: Request, slug: str, code: str) -> Response:
        lot = _lot(_readable_product(request, slug), code)
        return Response(scans.lot_scans(lot))


class LotExportView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = Lot.objects.none()

    @extend_schema(
        operation_id="product_lots_export",
        parameters=[
            OpenApiParameter("file", enum=list(exports.FORMATS), default="csv", required=False)
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, exports.XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        product = _readable_product(request, slug)
        file_format = _file_param(request, tuple(exports.FORMATS), "csv")
        body, content_type = exports.lots_export(product, file_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{product.slug}-lots.{file_format}"'
        )
        return response


class LotEventListView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = LotEventSerializer
    queryset = LotEvent.objects.none()

    @extend_schema(operation_id="product_lot_events_list", responses=LotEventSerializer(many=True))
    def get(self, request: Request, slug: str, code: str) -> Response:
        lot = _lot(_readable_product(request, slug), code)
        page = self.paginate_queryset(
            self.filter_queryset(lot.events.order_by("occurred_at", "id"))
        )
        return self.get_paginated_response(LotEventSerializer(page, many=True).data)

    @extend_schema(
        operation_id="product_lot_events_create",
        request=LotEventWriteSerializer,
        responses={201: LotEventSerializer},
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        product = _product(request, slug)
        require_member(request.user, product.vendor)
        lot = _lot(product, code)
        fields = validated(LotEventWriteSerializer, request.data)
        event = services.event_create(lot=lot, actor=_user(request), **fields)
        return Response(LotEventSerializer(event).data, status=status.HTTP_201_CREATED)


class LotEventDetailView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = LotEventSerializer
    queryset = LotEvent.objects.none()

    def _event(self, request: Request, slug: str, code: str, event_id: int, *, write: bool) -> Any:
        product = _product(request, slug)
        if write:
            require_member(request.user, product.vendor)
        else:
            require_member_or_moderator(request.user, product.vendor)
        lot = _lot(product, code)
        event = lot.events.filter(pk=event_id).first()
        if event is None:
            raise NotFound(_("No such event."))
        event.lot = lot
        return event

    @extend_schema(operation_id="product_lot_event_retrieve", responses=LotEventSerializer)
    def get(self, request: Request, slug: str, code: str, event_id: int) -> Response:
        event = self._event(request, slug, code, event_id, write=False)
        return Response(LotEventSerializer(event).data)

    @extend_schema(
        operation_id="product_lot_event_update",
        request=LotEventWriteSerializer,
        responses=LotEventSerializer,
    )
    def patch(self, request: Request, slug: str, code: str, event_id: int) -> Response:
        event = self._event(request, slug, code, event_id, write=True)
        fields = validated(LotEventWriteSerializer, request.data, partial=True)
        event = services.event_update(event=event, actor=_user(request), **fields)
        return Response(LotEventSerializer(event).data)

    @extend_schema(operation_id="product_lot_event_delete", responses={204: None})
    def delete(self, request: Request, slug: str, code: str, event_id: int) -> Response:
        event = self._event(request, slug, code, event_id, write=True)
        services.event_delete(event=event, actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TraceView(GenericAPIView):
    """A published or recalled lot's public trace record, by its short code. Drafts are 404."""

    permission_classes = [AllowAny]
    serializer_class = TraceSerializer
    queryset = Lot.objects.none()

    @extend_schema(operation_id="trace_retrieve", responses=TraceSerializer)
    def get(self, request: Request, code: str) -> Response:
        lot = selectors.lot_by_public_code(code)
        if lot is None:
            raise NotFound(_("No such lot."))
        return Response(selectors.trace_record(lot))
