"""Bulk listings endpoints under a storefront: upload a CSV/XLSX file, follow its import job,
export the storefront's products in the same format. Routed by catalog/api/urls.py.

A storefront the user may not see answers 404; a visible one the user is not a member of
answers 403 on upload and export (D3). Import jobs are the storefront's own: 404 to others.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.imports import FORMATS, listings_export_csv, listings_export_xlsx
from catalog.models import ImportJob, ImportStatus, Product
from catalog.selectors import import_jobs_of_vendor
from catalog.services.imports import listings_import_create
from core.api.clients import partner_client
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.clients import PartnerScope
from core.errors import NotFound, ValidationFailed
from marketplace.models import Vendor
from marketplace.permissions import acting_user as _user
from marketplace.permissions import is_member, require_member, require_partner_may_write_listings
from marketplace.selectors import vendor_list_visible


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .csv (UTF-8, with or without BOM) or .xlsx file.")


class ImportReportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    external_id = serializers.CharField()
    result = serializers.ChoiceField(choices=["created", "updated", "unchanged", "failed"])
    product = serializers.CharField(allow_null=True, help_text="The product's slug.")
    # Output only: the metaclass moves declared fields aside, so Serializer.errors still works.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


class ImportJobSerializer(serializers.ModelSerializer):
    vendor: serializers.SlugRelatedField[Vendor] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    status = serializers.ChoiceField(choices=ImportStatus.choices, read_only=True)
    report = ImportReportRowSerializer(many=True, read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "vendor",
            "file_name",
            "file_format",
            "status",
            "total",
            "processed",
            "created",
            "updated",
            "skipped",
            "failed",
            "error",
            "report",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ListingsWriterPermission(BasePermission):
    """People: signed in (membership is checked per storefront). Partner clients: the
    listings:write scope (the storefront's grant is checked per storefront)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = partner_client(request)
        if client is None:
            return IsAuthenticated().has_permission(request, view)
        if not client.has_scope(PartnerScope.LISTINGS_WRITE):
            self.message = _("This partner client lacks a required scope: %(scopes)s.") % {
                "scopes": PartnerScope.LISTINGS_WRITE
            }
            return False
        return True


def _require_writer(request: Request, vendor: Vendor) -> None:
    partner = partner_client(request)
    if partner is not None:
        require_partner_may_write_listings(partner, vendor)
    else:
        require_member(request.user, vendor)


def _vendor(request: Request, slug: str) -> Vendor:
    vendor = vendor_list_visible(request.user).prefetch_related(None).filter(slug=slug).first()
    if vendor is None:
        raise NotFound(_("Not found."))
    return vendor


class ListingsImportView(APIView):
    permission_classes = [ListingsWriterPermission]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        operation_id="vendor_imports_create",
        description="Upload listings (multipart, field `file`; columns in docs/partners.md). "
        "The job runs in the background: follow it at the returned id.",
    )
    @idempotent
    def post(self, request: Request, slug: str) -> Response:
        vendor = _vendor(request, slug)
        _require_writer(request, vendor)
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = listings_import_create(
            vendor=vendor,
            actor=_user(request),
            partner=partner_client(request),
            upload=upload,
            file_name=upload.name or "",
        )
        job.refresh_from_db()  # eager runs (embedded default) finished already
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ListingsImportDetailView(APIView):
    permission_classes = [ListingsWriterPermission]

    @extend_schema(responses=ImportJobSerializer, operation_id="vendor_imports_retrieve")
    def get(self, request: Request, slug: str, job_id: int) -> Response:
        vendor = _vendor(request, slug)
        partner = partner_client(request)
        jobs = import_jobs_of_vendor(vendor).filter(pk=job_id)
        if partner is not None:  # a partner sees the jobs it uploaded
            job = jobs.filter(partner_client_id=partner.pk).first()
        else:
            job = jobs.first() if is_member(request.user, vendor) else None
        if job is None:
            raise NotFound(_("Not found."))
        return Response(ImportJobSerializer(job).data)


class ListingsExportView(APIView):
    permission_classes = [ListingsWriterPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("file", enum=list(FORMATS), default="csv", required=False),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY),
        },
        operation_id="vendor_listings_export",
        description="The storefront's products in the import format; re-importing the file "
        "changes nothing.",
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        vendor = _vendor(request, slug)
        _require_writer(request, vendor)
        file_format = request.query_params.get("file", "csv")
        if file_format not in FORMATS:
            message = _("Use csv or xlsx.")
            raise ValidationFailed(message, errors={"file": [message]})
        products = (
            Product.objects.filter(vendor=vendor)
            .select_related("category", "unit")
            .order_by("created_at", "id")
        )
        if file_format == "xlsx":
            body = listings_export_xlsx(products.iterator())
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = listings_export_csv(products.iterator())
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{vendor.slug}-listings.{file_format}"'
        )
        return response
