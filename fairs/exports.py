"""The exhibitor list as a file: CSV (UTF-8 with a BOM, so Excel shows Vietnamese correctly) and
XLSX (openpyxl). Rows come from fairs.selectors.exhibitors.exhibitor_export_rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import spreadsheet_safe
from fairs.models import Fair
from fairs.selectors.exhibitors import exhibitor_export_rows

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _columns() -> list[tuple[str, str]]:
    return [
        ("booth_number", _("Booth number")),
        ("storefront", _("Storefront")),
        ("legal_name", _("Legal name")),
        ("tax_code", _("Tax code")),
        ("province", _("Province")),
        ("contact_name", _("Contact person")),
        ("contact_phone", _("Contact phone")),
        ("contact_email", _("Contact email")),
        ("booth_type", _("Booth type")),
        ("quantity", _("Number of booths")),
        ("status", _("Status")),
        ("products", _("Products shown")),
        ("ocop_stars", _("Best OCOP stars")),
    ]


def exhibitors_csv(rows: Sequence[dict[str, object]]) -> bytes:
    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for _key, title in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(row[key]) for key, _title in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts, from a translated heading: at most 31 characters and
    none of []:*?/\\ (Vietnamese headings such as "Tỉnh/thành phố" contain a slash)."""
    title = str(text).translate(_SHEET_TITLE_FORBIDDEN).strip(" '")[:31].strip()
    return title or "Sheet"


def exhibitors_xlsx(rows: Sequence[dict[str, object]], *, title: str) -> bytes:
    columns = _columns()
    book = Workbook(write_only=False)
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(sheet_title(_("Exhibitors")))
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([heading for _key, heading in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_safe(row[key]) for key, _heading in columns])
    for i, (key, heading) in enumerate(columns, start=1):
        width = max([len(heading), *(len(str(r[key])) for r in rows)]) + 2
        sheet.column_dimensions[sheet.cell(row=2, column=i).column_letter].width = min(width, 60)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exhibitor_export_response(fair: Fair, kind: str) -> HttpResponse:
    """The exhibitor list file, `kind` csv or xlsx (shared by the API and the admin action)."""
    rows = exhibitor_export_rows(fair)
    if kind == "xlsx":
        body = exhibitors_xlsx(rows, title=fair.name)
        content_type = XLSX_CONTENT_TYPE
    else:
        body = exhibitors_csv(rows)
        content_type = CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{fair.slug}-exhibitors.{kind}"'
    return response
