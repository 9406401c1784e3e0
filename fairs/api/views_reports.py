"""The fair report over the API (organizers and moderators): JSON, or a CSV/XLSX file."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import ValidationFailed
from fairs import report_exports
from fairs.api.common import FAIR_SLUG, FairScopedMixin
from fairs.api.serializers_reports import FairReportSerializer
from fairs.models import Fair
from fairs.selectors.reports import fair_report


def report_file_response(fair: Fair, kind: str) -> HttpResponse:
    """The report as a download (shared by the API and the admin action)."""
    report = fair_report(fair)
    if kind == "xlsx":
        body = report_exports.report_xlsx(report)
        content_type = report_exports.XLSX_CONTENT_TYPE
    else:
        body = report_exports.report_csv(report)
        content_type = report_exports.CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{fair.slug}-report.{kind}"'
    return response


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
        parameters=[
            OpenApiParameter("file", str, enum=["csv", "xlsx"], description="csv (default) or xlsx")
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, report_exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
        summary="Fair report as CSV or XLSX (organizers and moderators)",
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request, fair_slug: str) -> HttpResponse:
        self.require_manager()
        kind = request.query_params.get("file", "csv")
        if kind not in ("csv", "xlsx"):
            raise ValidationFailed(
                _("Unknown file type."), errors={"file": [_("Choose csv or xlsx.")]}
            )
        return report_file_response(self.fair, kind)
