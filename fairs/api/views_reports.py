"""The fair report over the API (organizers and moderators): JSON, or a CSV/XLSX file."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from fairs import report_exports
from fairs.api.common import EXPORT_FILE, FAIR_SLUG, FairScopedMixin, export_kind
from fairs.api.serializers_reports import FairReportSerializer
from fairs.models import Fair
from fairs.selectors.reports import fair_report


@extend_schema(parameters=[FAIR_SLUG])
class FairReportViewSet(FairScopedMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = FairReportSerializer
    pagination_class = None
    queryset = Fair.objects.none()

    @extend_schema(
        responses=FairReportSerializer,
        summary="Fair report (organizers and moderators)",
        description="Exhibitors by province and sector, OCOP products shown, booths, visitors "
        "registered and checked in, B2B meetings by outcome, deals and their value in VND.",
    )
    def list(self, request: Request, fair_slug: str) -> Response:
        self.require_manager()
        return Response(FairReportSerializer(fair_report(self.fair)).data)

    @extend_schema(
        parameters=[EXPORT_FILE],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, report_exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
        summary="Fair report as CSV or XLSX (organizers and moderators)",
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request, fair_slug: str) -> HttpResponse:
        self.require_manager()
        return report_exports.report_file_response(self.fair, export_kind(request))
