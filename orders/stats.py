"""The trade figures a Department reports: orders and GMV by month, province, category and
storefront type (issue 13 item 9, D140).

GMV is the sum of order totals (goods and shipping, VND) of orders not cancelled; by category it
is the sum of the lines' totals (goods only: shipping belongs to no category). Months are local
(TIME_ZONE). Every figure is one grouped query, so the cost does not grow with the orders; the
exchange-wide ones reach `/api/v1/stats/` through `stats_register` (moderators only: a small
exchange's volumes would tell one producer's sales) and are cached with it (`stats_cached`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalog.models import Category
from core.spreadsheets import spreadsheet_safe
from marketplace.models import Province, Vendor, VendorKind
from orders.models import Order, OrderLine, OrderStatus

EXPORT_COLUMNS = ("dimension", "key", "name", "orders", "gmv_vnd")


def counted_orders() -> QuerySet[Order]:
    """Orders that count for trade volume: every one not cancelled."""
    return Order.objects.exclude(status=OrderStatus.CANCELLED)


def _by_month(orders: QuerySet[Order]) -> list[dict[str, Any]]:
    rows = (
        orders.annotate(month=TruncMonth("placed_at"))
        .values("month")
        .annotate(orders=Count("id"), gmv=Sum("total"))
        .order_by("month")
    )
    return [
        {"month": row["month"].strftime("%Y-%m"), "orders": row["orders"], "gmv": row["gmv"]}
        for row in rows
    ]


def _totals(orders: QuerySet[Order]) -> dict[str, int]:
    row = orders.aggregate(orders=Count("id"), gmv=Sum("total"))
    return {"orders": row["orders"], "gmv": row["gmv"] or 0}


def order_stats_for_moderators() -> dict[str, Any]:
    """Moderators' figure (`moderation.orders` of /api/v1/stats/)."""
    orders = counted_orders()
    provinces = dict(Province.objects.values_list("code", "name"))
    by_province = [
        {"code": row["vendor__province_id"], "name": provinces.get(row["vendor__province_id"], "")}
        | {"orders": row["orders"], "gmv": row["gmv"]}
        for row in orders.values("vendor__province_id")
        .annotate(orders=Count("id"), gmv=Sum("total"))
        .order_by("vendor__province_id")
    ]
    kinds = dict(VendorKind.choices)
    by_kind = [
        {"kind": row["vendor__kind"], "name": str(kinds.get(row["vendor__kind"], ""))}
        | {"orders": row["orders"], "gmv": row["gmv"]}
        for row in orders.values("vendor__kind")
        .annotate(orders=Count("id"), gmv=Sum("total"))
        .order_by("vendor__kind")
    ]
    return {
        "orders": {
            **_totals(orders),
            "by_month": _by_month(orders),
            "by_province": by_province,
            "by_category": _by_category(),
            "by_storefront_type": by_kind,
        }
    }


def _by_category() -> list[dict[str, Any]]:
    """By the top category of each line's product: grouped per category in the database, the
    (few) categories rolled up to their root here."""
    rows = (
        OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED)
        .values("product__category__path")
        .annotate(orders=Count("order_id", distinct=True), gmv=Sum("line_total"))
    )
    roots: dict[str, dict[str, Any]] = {}
    for row in rows:
        root = (row["product__category__path"] or "").split("/", 1)[0]
        entry = roots.setdefault(root, {"slug": root, "orders": 0, "gmv": 0})
        # An order with lines in two leaves of one root counts once per leaf: an upper bound.
        entry["orders"] += row["orders"]
        entry["gmv"] += row["gmv"]
    names = _root_names(list(roots))
    return [roots[slug] | {"name": names.get(slug, "")} for slug in sorted(roots)]


def _root_names(slugs: list[str]) -> dict[str, str]:
    return dict(
        Category.objects.filter(parent__isnull=True, slug__in=slugs).values_list("slug", "name")
    )


def vendor_order_stats(vendor: Vendor) -> dict[str, Any]:
    """A storefront's own figures, for its members: orders and GMV, by month and by status."""
    seconds = settings.STATS_CACHE_SECONDS
    key = f"stats:v1:vendor-orders:{vendor.pk}:{get_language() or settings.LANGUAGE_CODE}"
    data: dict[str, Any] | None = cache.get(key) if seconds > 0 else None
    if data is None:
        orders = counted_orders().filter(vendor=vendor)
        by_status = dict(
            Order.objects.filter(vendor=vendor)
            .values("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        data = {
            "storefront": vendor.slug,
            **_totals(orders),
            "by_month": _by_month(orders),
            "by_status": by_status,
        }
        if seconds > 0:
            cache.set(key, data, seconds)
    return data


def export_rows(figures: dict[str, Any]) -> list[list[Any]]:
    """The moderators' order figures as rows: one per month, province, category, type."""
    rows: list[list[Any]] = [["total", "", "", figures["orders"], figures["gmv"]]]
    rows += [["month", r["month"], "", r["orders"], r["gmv"]] for r in figures["by_month"]]
    rows += [
        ["province", r["code"], r["name"], r["orders"], r["gmv"]] for r in figures["by_province"]
    ]
    rows += [
        ["category", r["slug"], r["name"], r["orders"], r["gmv"]] for r in figures["by_category"]
    ]
    rows += [
        ["storefront_type", r["kind"], r["name"], r["orders"], r["gmv"]]
        for r in figures["by_storefront_type"]
    ]
    return rows


def stats_export_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")  # a BOM: Excel reads the Vietnamese as UTF-8


def stats_export_xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("orders")
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append(
            [
                spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", c)) if isinstance(c, str) else c
                for c in row
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
