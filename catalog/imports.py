"""Bulk listings files: reading CSV/XLSX uploads into rows, checking a row, writing exports.

The file as a whole is refused up front only when it cannot be a listings file (not CSV or
XLSX, over LISTINGS_IMPORT_MAX_ROWS rows, required columns missing). Everything else is judged
row by row in catalog.services.import_rows (listings_import_run), so one bad row never hides
the good ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from catalog.models import Product, ProductStatus
from core.errors import ValidationFailed
from core.spreadsheets import spreadsheet_safe, spreadsheet_unescape

# The column order of exports and of the template in docs/partners.md.
COLUMNS = (
    "external_id",
    "name",
    "category",
    "unit",
    "price",
    "description",
    "origin_commune",
    "origin_province",
    "gtin",
    "status",
)
REQUIRED_COLUMNS = ("external_id", "name", "category", "unit", "price")
STATUS_DRAFT = "draft"
STATUS_SUBMIT = "submit"
FORMATS = ("csv", "xlsx")
# Bytes, whatever the row count: a 5,000-row listing file is well under 2 MB.
MAX_FILE_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={"file": [message]})


def _cell(value: Any) -> str:
    """A cell as the text a person typed: XLSX numbers 120000.0 read back as "120000"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM; other tools do not
    except UnicodeDecodeError:
        raise _refuse(_("The file is not a UTF-8 CSV file or an XLSX workbook.")) from None
    if "\x00" in text:
        raise _refuse(_("The file is not a UTF-8 CSV file or an XLSX workbook."))
    # Spreadsheets set to Vietnamese (decimal comma) save CSV with semicolons.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [spreadsheet_unescape(cell.strip()) for cell in row]


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise _refuse(_("The file is not a UTF-8 CSV file or an XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [spreadsheet_unescape(_cell(v)) for v in row]
    finally:
        workbook.close()


def listings_file_read(*, upload: IO[bytes], name: str) -> tuple[str, list[dict[str, Any]]]:
    """(format, rows) of an uploaded file; each row {"line": n, column: text, ...}.

    Blank lines are dropped (their line numbers are kept for the others)."""
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    lowered = name.lower()
    if not lowered.endswith((".csv", ".xlsx")):
        raise _refuse(_("Upload a .csv or .xlsx file."))
    reader: Iterator[list[str]]
    if data.startswith(XLSX_MAGIC):
        file_format, reader = "xlsx", _xlsx_rows(data)
    elif lowered.endswith(".csv"):
        file_format, reader = "csv", _csv_rows(data)
    else:
        raise _refuse(_("The file is not a UTF-8 CSV file or an XLSX workbook."))

    header: list[str] | None = None
    rows: list[dict[str, Any]] = []
    limit = settings.LISTINGS_IMPORT_MAX_ROWS
    for line, cells in enumerate(reader, start=1):
        if not any(cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                message = _("Required columns are missing: %(columns)s.") % {
                    "columns": ", ".join(missing)
                }
                raise ValidationFailed(message, errors={"file": [message]})
            continue
        if len(rows) >= limit:
            raise _refuse(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": limit}
            )
        row: dict[str, Any] = {"line": line}
        for index, column in enumerate(header):
            if column in COLUMNS:
                row[column] = cells[index] if index < len(cells) else ""
        rows.append(row)
    if header is None:
        raise _refuse(_("The file is empty."))
    return file_format, rows


def status_intent(product: Product) -> str:
    """The status column an export writes: "submit" once the product went to review."""
    if product.status in (ProductStatus.PENDING_REVIEW, ProductStatus.PUBLISHED):
        return STATUS_SUBMIT
    return STATUS_DRAFT


def export_row(product: Product) -> list[str]:
    return [
        product.external_id or product.slug,
        product.name,
        product.category.slug,
        product.unit.code,
        "" if product.price is None else str(product.price),
        product.description,
        str(product.origin_commune_id),
        str(product.origin_province_id),
        product.gtin,
        status_intent(product),
    ]


def listings_export_csv(products: Iterable[Product]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for product in products:
        writer.writerow([spreadsheet_safe(cell) for cell in export_row(product)])
    # With a BOM so Excel opens the Vietnamese text as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def listings_export_xlsx(products: Iterable[Product]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("listings")
    sheet.append(list(COLUMNS))
    for product in products:
        # Control characters are not allowed in XLSX cells (openpyxl raises); drop them.
        row: list[Any] = [
            spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in export_row(product)
        ]
        row[4] = product.price  # a number cell; None leaves it empty
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
