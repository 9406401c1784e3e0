"""Bulk import of listings in the seller center: upload a CSV or XLSX file (the API's bulk
listings: ImportUploadSerializer, catalog.services.imports.listings_import_create), then follow
the job: its progress while it runs (the page refreshes itself, no JavaScript needed) and the
per-row report (line, outcome, messages) when it ends."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from catalog.api.imports import ImportUploadSerializer
from catalog.imports import COLUMNS, REQUIRED_COLUMNS
from catalog.models import ImportStatus
from catalog.selectors import import_jobs_of_vendor
from catalog.services.imports import listings_import_create
from marketplace.models import User, Vendor
from web.forms import ServiceForm
from web.signed_in import seller_page

RECENT_JOBS = 10
OUTCOMES = {
    "created": pgettext_lazy("import outcome", "Created"),
    "updated": pgettext_lazy("import outcome", "Updated"),
    "unchanged": pgettext_lazy("import outcome", "Unchanged"),
    "failed": pgettext_lazy("import outcome", "Failed"),
}


class ImportForm(ServiceForm):
    serializer_class = ImportUploadSerializer

    file = forms.FileField(
        label=gettext_lazy("Listings file"),
        help_text=gettext_lazy("A .csv (UTF-8) or .xlsx file, one product a row."),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    jobs = import_jobs_of_vendor(vendor).defer("rows", "report").order_by("-created_at", "-id")
    context = {
        "form": form,
        "jobs": jobs[:RECENT_JOBS],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
    }
    return TemplateResponse(request, "web/seller/import.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def import_page(request: HttpRequest) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    if request.method != "POST":
        return _page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.validated["file"]
        job = form.run(
            listings_import_create,
            vendor=vendor,
            actor=cast(User, request.user),
            upload=upload,
            file_name=upload.name or "",
        )
        if job is not None:
            messages.success(request, _("The file is accepted; its rows are being imported."))
            return HttpResponseRedirect(
                reverse("web:seller-import-job", args=[vendor.slug, job.pk])
            )
    return _page(request, form, form.status)


@require_GET
@seller_page
def import_job(request: HttpRequest, job: int) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    found = import_jobs_of_vendor(vendor).defer("rows").filter(pk=job).first()
    if found is None:
        raise Http404
    running = found.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    percent = round(100 * found.processed / found.total) if found.total else 100
    report = [
        {**row, "label": OUTCOMES.get(row.get("result"), row.get("result"))} for row in found.report
    ]
    context = {"job": found, "running": running, "percent": percent, "report": report}
    return TemplateResponse(request, "web/seller/import_job.html", context)
