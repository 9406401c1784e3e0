"""Trade figures over the API: moderators' export of the exchange's order figures, and a
storefront's own (D140)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ValidationFailed
from marketplace.permissions import require_member_or_moderator, require_moderator
from marketplace.selectors import vendor_list_visible
from marketplace.stats import stats_cached
from orders.stats import export_rows, stats_export_csv, stats_export_xlsx, vendor_order_stats

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM, local time")
    orders = serializers.IntegerField()
    gmv = serializers.IntegerField(help_text="VND")


class VendorStatsSerializer(serializers.Serializer):
    storefront = serializers.SlugField()
    orders = serializers.IntegerField(help_text="Orders not cancelled")
    gmv = serializers.IntegerField(help_text="Sum of their totals, VND")
    by_month = MonthSerializer(many=True)
    by_status = serializers.DictField(child=serializers.IntegerField())


class OrderStatsExportView(APIView):
    """The exchange's order figures (by month, province, category, storefront type) as a file,
    for moderators."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("file", enum=list(FORMATS), default="csv", required=False)],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
        },
        operation_id="stats_orders_export",
    )
    def get(self, request: Request) -> HttpResponse:
        require_moderator(request.user)
        file_format = request.query_params.get("file", "csv")
        if file_format not in FORMATS:
            message = _("Use csv or xlsx.")
            raise ValidationFailed(message, errors={"file": [message]})
        rows = export_rows(stats_cached(for_moderators=True)["moderation"]["orders"])
        if file_format == "xlsx":
            response = HttpResponse(stats_export_xlsx(rows), content_type=XLSX)
        else:
            response = HttpResponse(stats_export_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="orders-stats.{file_format}"'
        return response


class VendorStatsView(APIView):
    """A storefront's own orders and GMV by month, for its members and moderators."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: VendorStatsSerializer}, operation_id="vendor_stats")
    def get(self, request: Request, slug: str) -> Response:
        vendor = get_object_or_404(vendor_list_visible(request.user), slug=slug)
        require_member_or_moderator(request.user, vendor)
        return Response(vendor_order_stats(vendor))
