"""A storefront's orders as a file (D163): GET /vendors/{slug}/orders/export/.

For the storefront's members and moderators only: anyone else gets 404, as for its orders
(they are not theirs to see). Filters: `status`, `payment_status`, `placed_from`/`placed_to`
(local dates, both included); any other parameter is refused (D91). The lines are counted
first and refused beyond ORDER_EXPORT_MAX_ROWS (400 `export_too_large`: narrow the dates), then
the CSV is streamed chunk by chunk; the XLSX is built in a temporary file and sent from it."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters import utils
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.serializers import ProblemSerializer
from core.errors import ValidationFailed
from marketplace.permissions import is_member, is_moderator
from marketplace.selectors import vendor_list_visible
from orders.exports import csv_stream, export_lines, xlsx_file
from orders.models import Order, OrderStatus, PaymentStatus
from orders.selectors import order_list_of_vendor

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=OrderStatus.choices)
    payment_status = filters.ChoiceFilter(
        field_name="payment__status", choices=PaymentStatus.choices
    )
    placed_from = filters.DateFilter(field_name="placed_at", lookup_expr="date__gte")
    placed_to = filters.DateFilter(field_name="placed_at", lookup_expr="date__lte")

    class Meta:
        model = Order
        fields: list[str] = []


KNOWN = frozenset({"file", *ExportFilter.base_filters})


class VendorOrdersExportView(APIView):
    """A storefront's orders, one row per order line, as CSV (streamed) or XLSX."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("file", enum=list(FORMATS), default="csv", required=False),
            OpenApiParameter("status", enum=OrderStatus.values, required=False),
            OpenApiParameter("payment_status", enum=PaymentStatus.values, required=False),
            OpenApiParameter(
                "placed_from", OpenApiTypes.DATE, required=False, description="Local date."
            ),
            OpenApiParameter(
                "placed_to", OpenApiTypes.DATE, required=False, description="Local date."
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            400: ProblemSerializer,
            401: ProblemSerializer,
            404: ProblemSerializer,
        },
        operation_id="vendor_orders_export",
        description="One row per order line, Vietnamese headers, times in Asia/Ho_Chi_Minh, "
        "amounts in VND. At most `ORDER_EXPORT_MAX_ROWS` lines (400 `export_too_large`).",
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        vendor = get_object_or_404(vendor_list_visible(request.user), slug=slug)
        if not (is_member(request.user, vendor) or is_moderator(request.user)):
            raise Http404  # another storefront's orders are not there for this person (D3)
        unknown = sorted(set(request.query_params) - KNOWN)
        if unknown:
            message = _("Unknown query parameters: %(names)s.") % {"names": ", ".join(unknown)}
            raise ValidationFailed(message, errors={name: [message] for name in unknown})
        file_format = request.query_params.get("file", "csv")
        if file_format not in FORMATS:
            message = _("Use csv or xlsx.")
            raise ValidationFailed(message, errors={"file": [message]})
        filterset = ExportFilter(request.query_params, queryset=order_list_of_vendor(vendor))
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        lines = export_lines(filterset.qs)
        limit = settings.ORDER_EXPORT_MAX_ROWS
        if lines.count() > limit:
            message = _("More than %(limit)s lines: choose a shorter period.") % {"limit": limit}
            raise ValidationFailed(
                message, code="export_too_large", errors={"placed_from": [message]}
            )
        name = f"don-hang-{vendor.slug}-{timezone.localdate():%Y%m%d}.{file_format}"
        if file_format == "xlsx":
            return FileResponse(
                xlsx_file(lines), as_attachment=True, filename=name, content_type=XLSX
            )
        response = StreamingHttpResponse(csv_stream(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
