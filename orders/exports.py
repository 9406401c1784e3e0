"""A storefront's orders as a file (CSV streamed, or XLSX), one row per order line (D163).

Vietnamese headers and labels whatever the request's language (the file is for the
storefront's own books, in the country's language); times in Asia/Ho_Chi_Minh; amounts in VND
integers; text a spreadsheet would run as a formula is made inert (core.spreadsheets, D108).
The caller bounds the rows (ORDER_EXPORT_MAX_ROWS) before any is written."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.spreadsheets import spreadsheet_safe
from orders.models import Order, OrderLine

HEADERS = (
    "Số đơn",
    "Đặt lúc",
    "Trạng thái",
    "Phương thức thanh toán",
    "Trạng thái thanh toán",
    "Người nhận",
    "Điện thoại",
    "Địa chỉ",
    "Xã/Phường",
    "Tỉnh/Thành phố",
    "Ghi chú",
    "Sản phẩm",
    "Đơn vị",
    "Số lượng",
    "Đơn giá (₫)",
    "Thành tiền (₫)",
    "Tiền hàng của đơn (₫)",
    "Phí vận chuyển (₫)",
    "Tổng đơn (₫)",
    "Đơn vị vận chuyển",
    "Mã vận đơn",
)
CHUNK = 500


def export_lines(orders: QuerySet[Order]) -> QuerySet[OrderLine]:
    """The lines of `orders` (already filtered), oldest order first, with what a row shows."""
    return (
        OrderLine.objects.filter(order__in=orders.values("pk"))
        .select_related("order__payment", "order__province", "order__commune")
        .order_by("order__placed_at", "order_id", "id")
    )


def _row(line: OrderLine) -> list[Any]:
    order = line.order
    payment = getattr(order, "payment", None)
    return [
        order.number,
        timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M"),
        str(order.get_status_display()),
        str(order.get_payment_method_display()),
        str(payment.get_status_display()) if payment is not None else "",
        order.recipient_name,
        order.phone,
        order.street,
        order.commune.name,
        order.province.name,
        order.note,
        line.product_name,
        line.unit_name,
        line.quantity,
        line.unit_price,
        line.line_total,
        order.subtotal,
        order.shipping_fee,
        order.total,
        order.carrier,
        order.tracking_code,
    ]


def rows(lines: QuerySet[OrderLine]) -> Iterator[list[Any]]:
    with translation.override("vi"):
        for line in lines.iterator(chunk_size=CHUNK):
            yield [spreadsheet_safe(cell) for cell in _row(line)]


def csv_stream(lines: QuerySet[OrderLine]) -> Iterator[bytes]:
    """The CSV file piece by piece: a BOM (Excel then reads the Vietnamese as UTF-8), the
    headers, then a chunk of rows at a time."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    yield "\ufeff".encode() + out.getvalue().encode()
    batch = 0
    out.seek(0)
    out.truncate()
    for row in rows(lines):
        writer.writerow(row)
        batch += 1
        if batch == CHUNK:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
            batch = 0
    if batch:
        yield out.getvalue().encode()


def xlsx_file(lines: QuerySet[OrderLine]) -> IO[bytes]:
    """The XLSX workbook in a temporary file (memory below 5 MB, disk above), rewound.
    openpyxl's write-only mode keeps one row in memory at a time."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đơn hàng")
    sheet.append(list(HEADERS))
    for row in rows(lines):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    out = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    workbook.save(out)
    out.seek(0)
    return out
