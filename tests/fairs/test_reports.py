"""The fair report: figures, grouping in SQL (constant queries), CSV/XLSX export, who may see it."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from catalog.models import Category
from fairs.models import ApplicationStatus
from marketplace.models import Commune
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.factories.fairs import BoothTypeFactory, ExhibitorApplicationFactory
from tests.factories.fairs_visitors import (
    MeetingFactory,
    RegistrationFactory,
    SlotFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db


def _other_root_leaf() -> Category:
    first_root = Category.objects.get(slug="gao-ngu-coc").path.split("/")[0]
    return (
        Category.objects.exclude(path__startswith=first_root + "/")
        .filter(children__isnull=True)
        .order_by("path")
        .first()
    )


def _populate(fair, n_exhibitors: int) -> dict:
    """n exhibitors (2/3 from Phú Thọ), products in two sectors, some OCOP, visitors, meetings."""
    booth = BoothTypeFactory(fair=fair, count=n_exhibitors * 2)
    elsewhere = Commune.objects.exclude(province_id=25).order_by("code").first()
    other_leaf = _other_root_leaf()
    phu_tho = 0
    ocop = 0
    for i in range(n_exhibitors):
        if i % 3 == 2:
            vendor = VendorFactory(commune=elsewhere)
        else:
            vendor = VendorFactory()
            phu_tho += 1
        food = ProductFactory(vendor=vendor)
        other = ProductFactory(vendor=vendor, category=other_leaf)
        if i % 2 == 0:
            CertificateFactory(product=food, stars=4)
            ocop += 1
        ExhibitorApplicationFactory(
            fair=fair, booth_type=booth, vendor=vendor, products=[food, other], quantity=2
        )
    ExhibitorApplicationFactory(
        fair=fair, booth_type=booth, status=ApplicationStatus.WAITLISTED, decided_at=None
    )
    regs = [RegistrationFactory(fair=fair) for _ in range(n_exhibitors)]
    for reg in regs[: n_exhibitors // 2]:
        reg.checked_in_at = timezone.now()
        reg.save()
    RegistrationFactory(fair=fair, status="cancelled", cancelled_at=timezone.now())
    table = TableFactory(fair=fair)
    for i in range(n_exhibitors):
        slot = SlotFactory(fair=fair)
        if i % 2 == 0:
            MeetingFactory(
                fair=fair,
                status="held",
                slot=slot,
                table=table,
                deal_signed=True,
                deal_value=10_000_000,
            )
        else:
            MeetingFactory(fair=fair, status="no_show", slot=slot, table=table)
    MeetingFactory(fair=fair)  # still requested
    return {"phu_tho": phu_tho, "ocop": ocop}


def test_report_figures(fair, organizer_client):
    facts = _populate(fair, 6)
    r = organizer_client.get(f"/api/v1/fairs/{fair.slug}/report/")
    assert r.status_code == 200, r.json()
    body = r.json()
    ex = body["exhibitors"]
    assert (ex["exhibitors"], ex["booths_held"], ex["booths_total"], ex["waitlisted"]) == (
        6,
        12,
        12,
        1,
    )
    provinces = {p["code"]: p["exhibitors"] for p in ex["by_province"]}
    assert provinces[25] == facts["phu_tho"] == 4
    assert sum(provinces.values()) == 6
    sectors = ex["by_sector"]
    assert len(sectors) == 2
    assert all(s["exhibitors"] == 6 and s["products"] == 6 for s in sectors)
    assert all(s["name"] and "/" not in s["slug"] for s in sectors)
    assert body["products"] == {
        "shown": 12,
        "ocop": facts["ocop"],
        "ocop_by_stars": {"3": 0, "4": 3, "5": 0},
    }
    visitors = body["visitors"]
    assert (visitors["registered"], visitors["checked_in"], visitors["cancelled"]) == (6, 3, 1)
    assert visitors["capacity"] == fair.visitor_capacity
    meetings = body["meetings"]
    assert (meetings["requested"], meetings["held"], meetings["no_show"], meetings["pending"]) == (
        7,
        3,
        3,
        1,
    )
    assert body["deals"] == {"count": 3, "value": 30_000_000}


def test_expired_certificates_do_not_count_as_ocop(fair, organizer_client):
    booth = BoothTypeFactory(fair=fair)
    product = ProductFactory()
    CertificateFactory(
        product=product,
        issue_date=timezone.localdate().replace(year=timezone.localdate().year - 4),
        expires_on=timezone.localdate(),
    )
    ExhibitorApplicationFactory(
        fair=fair, booth_type=booth, vendor=product.vendor, products=[product]
    )
    body = organizer_client.get(f"/api/v1/fairs/{fair.slug}/report/").json()
    assert body["products"]["shown"] == 1
    assert body["products"]["ocop"] == 0


@pytest.mark.parametrize("n", [3, 30])
def test_report_costs_constant_queries(n, fair, organizer_client, django_assert_num_queries):
    _populate(fair, n)
    # fair + organizer check + 9 report queries
    with django_assert_num_queries(11):
        r = organizer_client.get(f"/api/v1/fairs/{fair.slug}/report/")
    assert r.json()["exhibitors"]["exhibitors"] == n


def test_report_is_for_the_fairs_staff(
    fair, buyer_client, other_organizer_client, vendor_client, moderator_client, api_client
):
    url = f"/api/v1/fairs/{fair.slug}/report/"
    assert api_client.get(url).status_code == 401
    for client in (buyer_client, other_organizer_client, vendor_client):
        assert client.get(url).status_code == 403
        assert client.get(url + "export/").status_code == 403
    assert moderator_client.get(url).status_code == 200


def test_csv_export(fair, organizer_client):
    _populate(fair, 3)
    r = organizer_client.get(
        f"/api/v1/fairs/{fair.slug}/report/export/",
        {"file": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    assert f'filename="{fair.slug}-report.csv"' in r["Content-Disposition"]
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Item", "Figure", "Products"]
    figures = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert figures[("Exhibitors", "Exhibitors (booths held)")] == "3"
    assert figures[("Visitors", "Checked in")] == "1"
    assert figures[("Deals", "Total value (VND)")] == "20000000"
    by_sector = [row for row in rows if row[0] == "Exhibitors by sector"]
    assert len(by_sector) == 2
    assert all(row[2] == "3" and row[3] == "3" for row in by_sector)


def test_xlsx_export(fair, organizer_client):
    _populate(fair, 3)
    r = organizer_client.get(f"/api/v1/fairs/{fair.slug}/report/export/", {"file": "xlsx"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert len(book.sheetnames) == 3
    summary = book.worksheets[0]
    assert summary.cell(row=2, column=2).value == fair.name
    values = list(summary.iter_rows(min_row=3, values_only=True))
    assert 10_000_000 * 2 in [v[2] for v in values]  # 2 of 3 meetings held with a deal
    provinces = book.worksheets[1]
    assert provinces.cell(row=2, column=1).value == 25


def test_unknown_export_type_is_400(fair, organizer_client):
    r = organizer_client.get(f"/api/v1/fairs/{fair.slug}/report/export/", {"file": "pdf"})
    assert r.status_code == 400
    assert "file" in r.json()["errors"]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Tỉnh/thành phố", "Tỉnh-thành phố"),
        ("a:b*c?d[e]f\\g", "a-b-c-d-e-f-g"),
        ("Đơn vị trưng bày theo lĩnh vực sản xuất", "Đơn vị trưng bày theo lĩnh vực"),
        ("//", "--"),
        ("   ", "Sheet"),
    ],
)
def test_sheet_titles_are_ones_excel_accepts(heading, title):
    from openpyxl import Workbook

    from fairs.exports import sheet_title

    assert sheet_title(heading) == title
    Workbook().create_sheet(sheet_title(heading))  # openpyxl refuses an invalid title
