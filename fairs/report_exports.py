"""The fair report as a file: CSV (UTF-8 with a BOM, so Excel shows Vietnamese) and XLSX.

Both are built from `fairs.selectors.reports.fair_report()`; the CSV is one flat table
(section, item, figure, value), the workbook has a summary sheet and one sheet per breakdown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import spreadsheet_safe
from fairs.exports import sheet_title
from fairs.models import Fair
from fairs.selectors.reports import fair_report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


_cell = spreadsheet_safe  # text a spreadsheet would read as a formula is prefixed


def _summary(report: dict[str, Any]) -> Iterator[tuple[str, str, object]]:
    ex, products, visitors = report["exhibitors"], report["products"], report["visitors"]
    meetings, deals = report["meetings"], report["deals"]
    yield _("Exhibitors"), _("Exhibitors (booths held)"), ex["exhibitors"]
    yield _("Exhibitors"), _("Booths held"), ex["booths_held"]
    yield _("Exhibitors"), _("Booths offered"), ex["booths_total"]
    yield _("Exhibitors"), _("Checked in"), ex["checked_in"]
    yield _("Exhibitors"), _("On the waiting list"), ex["waitlisted"]
    yield _("Products"), _("Products shown"), products["shown"]
    yield _("Products"), _("OCOP products shown"), products["ocop"]
    for stars, n in products["ocop_by_stars"].items():
        yield _("Products"), _("OCOP %(stars)s stars") % {"stars": stars}, n
    yield _("Visitors"), _("Registered"), visitors["registered"]
    yield _("Visitors"), _("Checked in"), visitors["checked_in"]
    yield _("Visitors"), _("Cancelled"), visitors["cancelled"]
    yield _("Visitors"), _("Capacity"), visitors["capacity"] if visitors["capacity"] else ""
    yield _("Visitors"), _("Scans refused"), visitors["scans_refused"]
    yield _("B2B meetings"), _("Requested"), meetings["requested"]
    yield _("B2B meetings"), _("Accepted (not yet held)"), meetings["accepted"]
    yield _("B2B meetings"), _("Held"), meetings["held"]
    yield _("B2B meetings"), _("No-show"), meetings["no_show"]
    yield _("B2B meetings"), _("Declined"), meetings["declined"]
    yield _("B2B meetings"), _("Cancelled"), meetings["cancelled"]
    yield _("Deals"), _("Deals signed"), deals["count"]
    yield _("Deals"), _("Total value (VND)"), deals["value"]


def report_csv(report: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Section"), _("Item"), _("Figure"), _("Products")])
    for section, item, value in _summary(report):
        writer.writerow([_cell(section), _cell(item), value, ""])
    for row in report["exhibitors"]["by_province"]:
        writer.writerow([_("Exhibitors by province"), _cell(row["name"]), row["exhibitors"], ""])
    for row in report["exhibitors"]["by_sector"]:
        writer.writerow(
            [_("Exhibitors by sector"), _cell(row["name"]), row["exhibitors"], row["products"]]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = book.create_sheet(sheet_title(title))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for i, heading in enumerate(header, start=1):
        width = max([len(heading), *(len(str(r[i - 1])) for r in rows)]) + 2
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(width, 60)
    sheet.freeze_panes = "A2"


def report_xlsx(report: dict[str, Any]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    generated = timezone.localtime(report["generated_at"])
    summary: list[list[object]] = [
        [_("Fair"), report["fair"].name, ""],
        [_("Generated at"), f"{generated:%d/%m/%Y %H:%M}", ""],
    ]
    summary += [[section, item, value] for section, item, value in _summary(report)]
    _sheet(book, _("Summary"), [_("Section"), _("Item"), _("Figure")], summary)
    _sheet(
        book,
        _("By province"),
        [_("Province code"), _("Province"), _("Exhibitors")],
        [[r["code"], r["name"], r["exhibitors"]] for r in report["exhibitors"]["by_province"]],
    )
    _sheet(
        book,
        _("By sector"),
        [_("Sector"), _("Exhibitors"), _("Products shown")],
        [[r["name"], r["exhibitors"], r["products"]] for r in report["exhibitors"]["by_sector"]],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_file_response(fair: Fair, kind: str) -> HttpResponse:
    """The report as a download, `kind` csv or xlsx (shared by the API and the admin action)."""
    report = fair_report(fair)
    if kind == "xlsx":
        body = report_xlsx(report)
        content_type = XLSX_CONTENT_TYPE
    else:
        body = report_csv(report)
        content_type = CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{fair.slug}-report.{kind}"'
    return response
