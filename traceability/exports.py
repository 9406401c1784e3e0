"""A product's lots as a file: CSV (UTF-8 with a BOM, for Excel) and XLSX (openpyxl). Text the
storefront typed goes through core.spreadsheets.spreadsheet_safe (no formula injection)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from catalog.models import Product
from core.spreadsheets import spreadsheet_safe
from traceability.selectors import lot_list_of_product, lot_urls

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _rows(product: Product) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Lot code"),
        _("Status"),
        _("Production date"),
        _("Best before"),
        _("Quantity"),
        _("Unit"),
        _("Origin commune"),
        _("Farm or production area"),
        _("Events"),
        _("Trace URL"),
        _("Recall reason"),
    ]
    rows: list[list[object]] = []
    lots = lot_list_of_product(product).order_by("produced_on", "id")
    for lot in lots:
        lot.product = product
        rows.append(
            [
                lot.code,
                lot.get_status_display(),
                lot.produced_on.isoformat(),
                lot.best_before.isoformat() if lot.best_before else "",
                lot.quantity if lot.quantity is not None else "",
                lot.unit.name if lot.unit else "",
                lot.origin_commune.name if lot.origin_commune else "",
                lot.origin_place,
                lot.events.count(),
                lot_urls(lot)["trace_url"],
                lot.status_reason if lot.status == "recalled" else "",
            ]
        )
    return header, [[spreadsheet_safe(v) for v in row] for row in rows]


def lots_export(product: Product, file_format: str) -> tuple[bytes, str]:
    header, rows = _rows(product)
    if file_format == "xlsx":
        book = Workbook(write_only=False)
        book.remove(book.worksheets[0])
        sheet = book.create_sheet("Lots")
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), XLSX_CONTENT_TYPE
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8"), CSV_CONTENT_TYPE
