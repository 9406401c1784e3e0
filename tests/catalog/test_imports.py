"""Bulk listings: CSV/XLSX upload, the import job and its report, export round trip."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from catalog.models import ImportJob, Product, ProductStatus
from tests.factories import PHUONG_VIET_TRI, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "category", "unit", "price", "description", "status"]
GOOD_ROWS = [
    ["SKU-001", "Mì gạo Hùng Lô đặc biệt", "gao-ngu-coc", "kg", "45000", "Phơi nắng tự nhiên", ""],
    ["SKU-002", "Chè búp Thanh Ba", "gao-ngu-coc", "goi", "", "Giá liên hệ", "submit"],
]


def csv_file(rows, header=HEADER, name="listings.csv", bom=False) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="listings.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(c) if c.isdigit() and i == 4 else c for i, c in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, vendor, file):
    return client.post(
        f"/api/v1/vendors/{vendor.slug}/imports/",
        {"file": file},
        format="multipart",
        headers={"accept-language": "en"},
    )


def run(client, vendor, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, vendor, file)
    assert response.status_code == 202, response.json()
    detail = client.get(f"/api/v1/vendors/{vendor.slug}/imports/{response.json()['id']}/")
    assert detail.status_code == 200
    return detail.json()


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_import_creates_products_with_vietnamese_text(
    vendor_client, vendor, owner, make_file, django_capture_on_commit_callbacks
):
    job = run(vendor_client, vendor, make_file(GOOD_ROWS), django_capture_on_commit_callbacks)

    assert job["status"] == "succeeded"
    assert (job["total"], job["processed"], job["created"], job["failed"]) == (2, 2, 2, 0)
    assert [(r["line"], r["external_id"], r["result"]) for r in job["report"]] == [
        (2, "SKU-001", "created"),
        (3, "SKU-002", "created"),
    ]
    first = Product.objects.get(vendor=vendor, external_id="SKU-001")
    assert first.name == "Mì gạo Hùng Lô đặc biệt"
    assert first.description == "Phơi nắng tự nhiên"
    assert (first.price, first.price_on_request, first.status) == (45000, False, "draft")
    assert first.origin_commune_id == vendor.commune_id
    assert first.created_by == owner
    second = Product.objects.get(vendor=vendor, external_id="SKU-002")
    assert (second.price, second.price_on_request) == (None, True)
    assert second.unit.code == "goi"
    assert second.status == ProductStatus.PENDING_REVIEW


def test_csv_with_bom_and_semicolons(vendor_client, vendor, django_capture_on_commit_callbacks):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, *GOOD_ROWS])
    file = SimpleUploadedFile("excel.csv", out.getvalue().encode("utf-8-sig"))
    job = run(vendor_client, vendor, file, django_capture_on_commit_callbacks)
    assert job["created"] == 2
    assert Product.objects.filter(vendor=vendor, name="Chè búp Thanh Ba").exists()


def test_reimport_same_file_changes_nothing(
    vendor_client, vendor, django_capture_on_commit_callbacks
):
    run(vendor_client, vendor, csv_file(GOOD_ROWS), django_capture_on_commit_callbacks)
    job = run(vendor_client, vendor, csv_file(GOOD_ROWS), django_capture_on_commit_callbacks)
    assert (job["created"], job["updated"], job["skipped"], job["failed"]) == (0, 0, 2, 0)
    assert {r["result"] for r in job["report"]} == {"unchanged"}
    assert Product.objects.filter(vendor=vendor).count() == 2


def test_changed_row_updates_and_published_goes_back_to_review(
    vendor_client, vendor, django_capture_on_commit_callbacks
):
    product = ProductFactory(vendor=vendor, external_id="SKU-001", name="Tên cũ")
    rows = [["SKU-001", "Mì gạo Hùng Lô mới", "gao-ngu-coc", "kg", "50000", "", "submit"]]
    job = run(vendor_client, vendor, csv_file(rows), django_capture_on_commit_callbacks)
    assert job["report"][0]["result"] == "updated"
    product.refresh_from_db()
    assert (product.name, product.price) == ("Mì gạo Hùng Lô mới", 50000)
    assert product.status == ProductStatus.PENDING_REVIEW  # D4: the name is reviewed content


def test_bad_rows_reported_good_rows_created(
    vendor_client, vendor, django_capture_on_commit_callbacks
):
    rows = [
        ["A-1", "Gạo nếp cái hoa vàng", "gao-ngu-coc", "kg", "30000", "", ""],
        ["A-2", "Không có danh mục", "khong-ton-tai", "kg", "30000", "", ""],
        ["A-3", "Giá âm", "gao-ngu-coc", "kg", "-5", "", ""],
        ["A-4", "", "gao-ngu-coc", "kg", "10000", "", ""],
        ["A-1", "Trùng mã", "gao-ngu-coc", "kg", "10000", "", ""],
        ["A-6", "Trạng thái lạ", "gao-ngu-coc", "kg", "10000", "", "published"],
        ["A-7", "Mật ong bạc hà", "gao-ngu-coc", "hu", "120000", "", ""],
    ]
    job = run(vendor_client, vendor, csv_file(rows), django_capture_on_commit_callbacks)

    assert job["status"] == "succeeded"
    assert (job["created"], job["failed"], job["processed"]) == (2, 5, 7)
    failed = {r["line"]: r["errors"] for r in job["report"] if r["result"] == "failed"}
    assert set(failed) == {3, 4, 5, 6, 7}
    assert "khong-ton-tai" in failed[3]["category"][0]
    assert failed[4]["price"] == ["The price cannot be negative."]
    assert failed[5]["name"] == ["The name is required."]
    assert failed[6]["external_id"] == ["Repeats the external id of line 2."]
    assert "status" in failed[7]
    assert set(Product.objects.filter(vendor=vendor).values_list("external_id", flat=True)) == {
        "A-1",
        "A-7",
    }


def test_non_member_of_visible_storefront_gets_403(
    other_vendor_client, vendor, django_capture_on_commit_callbacks
):
    response = upload(other_vendor_client, vendor, csv_file(GOOD_ROWS))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:giaothuong:problem:permission_denied"
    export = other_vendor_client.get(f"/api/v1/vendors/{vendor.slug}/listings/export/")
    assert export.status_code == 403
    assert not ImportJob.objects.exists()


def test_hidden_storefront_and_other_storefronts_job_are_404(
    vendor_client, vendor, other_vendor_client, django_capture_on_commit_callbacks
):
    pending = VendorFactory(status="pending", approved_at=None)
    assert upload(other_vendor_client, pending, csv_file(GOOD_ROWS)).status_code == 404
    job = run(vendor_client, vendor, csv_file(GOOD_ROWS), django_capture_on_commit_callbacks)
    response = other_vendor_client.get(f"/api/v1/vendors/{vendor.slug}/imports/{job['id']}/")
    assert response.status_code == 404


def test_anonymous_is_401(api_client, vendor):
    assert upload(api_client, vendor, csv_file(GOOD_ROWS)).status_code == 401


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "Upload a .csv or .xlsx file."),
        ("listings.csv", b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "not a UTF-8 CSV"),
        ("listings.xlsx", b"external_id,name\n", "not a UTF-8 CSV"),
        ("listings.csv", b"external_id,name\nX,Y\n", "Required columns are missing"),
        ("listings.csv", b"\n\n", "The file is empty."),
    ],
)
def test_file_refused_whole(vendor_client, vendor, name, content, message):
    response = upload(vendor_client, vendor, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    body = response.json()
    assert message in body["errors"]["file"][0]
    assert not ImportJob.objects.exists()


def test_too_many_rows_refused(vendor_client, vendor, settings):
    settings.LISTINGS_IMPORT_MAX_ROWS = 2
    rows = [*GOOD_ROWS, ["SKU-003", "Thêm", "gao-ngu-coc", "kg", "1", "", ""]]
    response = upload(vendor_client, vendor, csv_file(rows))
    assert response.status_code == 400
    assert "more than 2 rows" in response.json()["errors"]["file"][0]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_reimport_is_a_no_op(
    vendor_client, vendor, file_format, django_capture_on_commit_callbacks
):
    ProductFactory(vendor=vendor, name="Bánh đa Phú Thọ", external_id="B-1")
    ProductFactory(vendor=vendor, name="Không mã ngoài", price=None, price_on_request=True)
    ProductFactory(vendor=vendor, name="Nháp", status=ProductStatus.DRAFT, gtin="")
    ProductFactory(name="Của người khác")
    response = vendor_client.get(
        f"/api/v1/vendors/{vendor.slug}/listings/export/", {"file": file_format}
    )
    assert response.status_code == 200
    body = response.content
    if file_format == "xlsx":
        rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
        assert rows[0][:2] == ("external_id", "name")
        assert "Bánh đa Phú Thọ" in [r[1] for r in rows]
    else:
        assert body.startswith(b"\xef\xbb\xbf")
        assert "Bánh đa Phú Thọ" in body.decode("utf-8-sig")
        assert "Của người khác" not in body.decode("utf-8-sig")
    file = SimpleUploadedFile(f"export.{file_format}", body)
    before = list(Product.objects.order_by("pk").values("pk", "name", "status", "price"))

    job = run(vendor_client, vendor, file, django_capture_on_commit_callbacks)

    assert (job["total"], job["created"], job["updated"], job["failed"]) == (3, 0, 0, 0)
    assert job["skipped"] == 3
    assert list(Product.objects.order_by("pk").values("pk", "name", "status", "price")) == before


def test_export_bad_format_400(vendor_client, vendor):
    response = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/listings/export/?file=pdf")
    assert response.status_code == 400


def test_origin_commune_and_province_checked(
    vendor_client, vendor, django_capture_on_commit_callbacks
):
    header = [*HEADER, "origin_commune", "origin_province", "gtin"]
    base = ["gao-ngu-coc", "kg", "1000", "", ""]
    rows = [
        ["C-1", "Đúng xã", *base, str(PHUONG_VIET_TRI), "", ""],
        ["C-2", "Sai tỉnh", *base, str(PHUONG_VIET_TRI), "1", ""],
        ["C-3", "Xã lạ", *base, "99999999", "", ""],
        ["C-4", "GTIN sai", *base, "", "", "12345"],
    ]
    job = run(vendor_client, vendor, csv_file(rows, header), django_capture_on_commit_callbacks)
    by_line = {r["line"]: r for r in job["report"]}
    assert by_line[2]["result"] == "created"
    assert "origin_province" in by_line[3]["errors"]
    assert "origin_commune" in by_line[4]["errors"]
    assert "gtin" in by_line[5]["errors"]


def test_job_detail_query_count(
    vendor_client, vendor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    job = run(vendor_client, vendor, csv_file(GOOD_ROWS), django_capture_on_commit_callbacks)
    # user (force_authenticate none), vendor, membership, job
    with django_assert_num_queries(3):
        response = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/imports/{job['id']}/")
    assert response.status_code == 200


def test_partner_with_grant_imports_and_follows_its_job(
    vendor, other_vendor, django_capture_on_commit_callbacks
):
    from tests.factories.partners import (
        PartnerClientFactory,
        StorefrontGrantFactory,
        partner_api,
        partner_key,
    )

    client = PartnerClientFactory(scopes=["catalog:read", "listings:write"])
    StorefrontGrantFactory(vendor=vendor, client=client)
    api = partner_api(partner_key(client))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, vendor, csv_file(GOOD_ROWS))
    assert response.status_code == 202, response.json()
    job = api.get(f"/api/v1/vendors/{vendor.slug}/imports/{response.json()['id']}/").json()
    assert (job["status"], job["created"]) == ("succeeded", 2)
    product = Product.objects.get(vendor=vendor, external_id="SKU-002")
    assert product.created_by is None
    assert product.status == ProductStatus.PENDING_REVIEW
    assert ImportJob.objects.get().partner_client == client

    # No grant from the other storefront: 403, nothing stored.
    assert upload(api, other_vendor, csv_file(GOOD_ROWS)).status_code == 403
    assert ImportJob.objects.count() == 1
    # Without the scope: 403.
    reader = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    assert upload(reader, vendor, csv_file(GOOD_ROWS)).status_code == 403
    # Another partner does not see this job.
    assert reader.get(f"/api/v1/vendors/{vendor.slug}/imports/{job['id']}/").status_code == 403


def test_xlsx_export_drops_control_characters(vendor_client, vendor):
    ProductFactory(vendor=vendor, name="Chè\x01 Thanh Ba", external_id="K-1")
    response = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/listings/export/?file=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "Chè Thanh Ba"
