"""Lots and traceability (issue 14, items 6–9 in part): a storefront's lots and events, their
lifecycle, the public trace record, GS1 Digital Link resolution, QR codes, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from core.models import AuditLog
from tests.conftest import client_for
from tests.factories import CertificateFactory, ProductFactory
from traceability.models import Lot, LotStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LOTS = "/api/v1/products/mi-gao-hung-lo/lots/"


def lot_body(**extra):
    body = {
        "code": "L2026-001",
        "produced_on": str(TODAY - dt.timedelta(days=10)),
        "best_before": str(TODAY + dt.timedelta(days=170)),
        "quantity": 500,
        "origin_place": "Làng nghề Hùng Lô",
    }
    body.update(extra)
    return body


@pytest.fixture
def draft(vendor_client, product):
    response = vendor_client.post(LOTS, lot_body(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def add_event(client, code="L2026-001", **extra):
    body = {
        "kind": "harvest",
        "occurred_at": "2026-11-20T07:00:00+07:00",
        "actor_name": "Tổ sản xuất số 2",
        "place": "Cánh đồng Hùng Lô",
        "description": "Thu hoạch lúa Khang Dân",
    }
    body.update(extra)
    return client.post(f"{LOTS}{code}/events/", body, format="json")


def published(client, code="L2026-001"):
    response = client.post(f"{LOTS}{code}/publish/")
    assert response.status_code == 200, response.json()
    return response.json()


# --- recording lots -----------------------------------------------------------------------


def test_member_records_a_lot_with_the_products_unit_and_origin(draft, product):
    assert draft["code"] == "L2026-001"
    assert draft["status"] == "draft"
    assert draft["unit"] == product.unit.code
    assert draft["origin_commune"] == product.origin_commune_id
    assert len(draft["public_code"]) == 12
    assert draft["short_url"].endswith(f"/t/{draft['public_code']}")
    assert AuditLog.objects.filter(action="lot.create").count() == 1


def test_lot_code_is_unique_per_product(vendor_client, draft, vendor):
    again = vendor_client.post(LOTS, lot_body(), format="json")
    assert again.status_code == 400
    assert "code" in again.json()["errors"]
    # The same code on another product of the storefront is fine.
    ProductFactory(vendor=vendor, slug="banh-da")
    other = vendor_client.post("/api/v1/products/banh-da/lots/", lot_body(), format="json")
    assert other.status_code == 201


def test_best_before_must_come_after_production(vendor_client, product):
    day = str(TODAY - dt.timedelta(days=3))
    response = vendor_client.post(LOTS, lot_body(produced_on=day, best_before=day), format="json")
    assert response.status_code == 400
    assert "best_before" in response.json()["errors"]
    assert not Lot.objects.exists()


def test_production_date_cannot_be_in_the_future(vendor_client, product):
    response = vendor_client.post(
        LOTS,
        lot_body(produced_on=str(TODAY + dt.timedelta(days=1)), best_before=None),
        format="json",
    )
    assert response.status_code == 400
    assert "produced_on" in response.json()["errors"]


@pytest.mark.parametrize("code", ["L 1", "lô-1", "a/b", "x" * 21, "export"])
def test_lot_code_must_fit_a_gs1_lot_number_and_a_url(vendor_client, product, code):
    response = vendor_client.post(LOTS, lot_body(code=code), format="json")
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


def test_a_draft_lot_is_edited_and_deleted_a_published_one_is_not(vendor_client, draft):
    edit = vendor_client.patch(f"{LOTS}L2026-001/", {"quantity": 450}, format="json")
    assert edit.status_code == 200 and edit.json()["quantity"] == 450
    published(vendor_client)
    refused = vendor_client.patch(f"{LOTS}L2026-001/", {"quantity": 1}, format="json")
    assert refused.status_code == 409
    assert vendor_client.delete(f"{LOTS}L2026-001/").status_code == 409
    assert Lot.objects.get().quantity == 450


# --- permission matrix --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "read", "write", "recall"),
    [
        ("member", 200, 201, 200),
        ("other_storefront", 403, 403, 403),
        ("moderator", 200, 403, 200),
        ("buyer", 403, 403, 403),
        ("anonymous", 401, 401, 401),
    ],
)
def test_permission_matrix(
    request, vendor_client, draft, who, read, write, recall, other_vendor, moderator, buyer
):
    published(vendor_client)
    client = {
        "member": vendor_client,
        "other_storefront": request.getfixturevalue("other_vendor_client"),
        "moderator": client_for(moderator),
        "buyer": client_for(buyer),
        "anonymous": client_for(None),
    }[who]
    assert client.get(LOTS).status_code == read
    assert client.get(f"{LOTS}L2026-001/").status_code == read
    assert client.get(f"{LOTS}L2026-001/events/").status_code == read
    assert client.get(f"{LOTS}L2026-001/qr/").status_code == read
    assert client.get(f"{LOTS}export/").status_code == read
    assert client.post(LOTS, lot_body(code="L2"), format="json").status_code == write
    assert add_event(client).status_code == write
    response = client.post(f"{LOTS}L2026-001/recall/", {"reason": "Nấm mốc"}, format="json")
    assert response.status_code == recall
    expected_status = "recalled" if recall == 200 else "published"
    assert Lot.objects.get(code="L2026-001").status == expected_status


def test_lots_of_an_invisible_product_are_404_to_outsiders(other_vendor_client, product):
    product.status = "draft"
    product.save()
    assert other_vendor_client.get(LOTS).status_code == 404


# --- events -------------------------------------------------------------------------------


def test_events_of_a_published_lot_are_append_only(vendor_client, draft):
    first = add_event(vendor_client)
    assert first.status_code == 201
    event_id = first.json()["id"]
    published(vendor_client)
    url = f"{LOTS}L2026-001/events/{event_id}/"
    assert vendor_client.patch(url, {"place": "x"}, format="json").status_code == 409
    assert vendor_client.delete(url).status_code == 409
    correction = add_event(
        vendor_client, kind="harvest", description="Sửa ngày thu hoạch", corrects=event_id
    )
    assert correction.status_code == 201
    assert correction.json()["corrects"] == event_id


def test_a_recalled_lot_takes_no_more_events(vendor_client, draft):
    published(vendor_client)
    vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "Nấm mốc"}, format="json")
    assert add_event(vendor_client).status_code == 409


def test_recall_needs_a_reason_and_a_published_lot(vendor_client, draft):
    assert vendor_client.post(f"{LOTS}L2026-001/recall/", {}, format="json").status_code == 400
    draft_recall = vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "x"}, format="json")
    assert draft_recall.status_code == 409
    published(vendor_client)
    assert vendor_client.post(f"{LOTS}L2026-001/publish/").status_code == 409


# --- the public trace record --------------------------------------------------------------


def test_trace_of_a_draft_lot_is_404(api_client, draft):
    assert api_client.get(f"/api/v1/trace/{draft['public_code']}/").status_code == 404
    assert api_client.get(f"/t/{draft['public_code']}").status_code == 404


def test_trace_record_shows_product_producer_events_and_certificates(
    api_client, vendor_client, draft, product, vendor
):
    add_event(vendor_client, kind="packing", occurred_at="2026-11-25T09:00:00+07:00")
    add_event(vendor_client)  # earlier: listed first
    produced = TODAY - dt.timedelta(days=10)
    CertificateFactory(product=product, issue_date=produced - dt.timedelta(days=5))
    CertificateFactory(  # issued after the lot was made: not shown
        product=product, issue_date=produced + dt.timedelta(days=2), stars=3, score=60
    )
    CertificateFactory(  # revoked: never shown
        product=product, issue_date=produced - dt.timedelta(days=5), status="revoked"
    )
    published(vendor_client)
    body = api_client.get(f"/api/v1/trace/{draft['public_code']}/").json()
    assert body["product"]["name"] == "Mì gạo Hùng Lô"
    assert body["producer"]["legal_name"] == vendor.legal_name
    assert body["producer"]["tax_code"] == vendor.tax_code
    assert [e["kind"] for e in body["events"]] == ["harvest", "packing"]
    assert [c["stars"] for c in body["certificates"]] == [4]
    assert body["status"] == "published" and body["recall"] is None
    assert body["expired"] is False
    assert body["origin"]["place"] == "Làng nghề Hùng Lô"


def test_recalled_lot_shows_the_recall(api_client, vendor_client, moderator, draft):
    published(vendor_client)
    client_for(moderator).post(
        f"{LOTS}L2026-001/recall/", {"reason": "Phát hiện nấm mốc"}, format="json"
    )
    body = api_client.get(f"/api/v1/trace/{draft['public_code']}/").json()
    assert body["status"] == "recalled"
    assert body["recall"]["reason"] == "Phát hiện nấm mốc"
    page = api_client.get(f"/t/{draft['public_code']}", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert 'class="recall"' in page.content.decode()
    assert "Phát hiện nấm mốc" in page.content.decode()
    assert AuditLog.objects.filter(action="lot.recall", reason="Phát hiện nấm mốc").exists()


def test_expiry_is_shown_once_the_best_before_date_has_passed(api_client, vendor_client, product):
    body = lot_body(
        produced_on=str(TODAY - dt.timedelta(days=200)),
        best_before=str(TODAY - dt.timedelta(days=1)),
    )
    code = vendor_client.post(LOTS, body, format="json").json()["public_code"]
    published(vendor_client)
    vendor_client.post(LOTS, lot_body(code="L2", best_before=str(TODAY)), format="json")
    fresh = vendor_client.post(f"{LOTS}L2/publish/").json()["public_code"]
    record = api_client.get(f"/api/v1/trace/{code}/").json()
    assert record["expired"] is True
    assert record["best_before"] == str(TODAY - dt.timedelta(days=1))
    # Best before today is still good today.
    assert api_client.get(f"/api/v1/trace/{fresh}/").json()["expired"] is False
    english = api_client.get(f"/en/t/{code}").content.decode()  # the English page (D222)
    assert "Past its best-before date" in english


def test_lot_of_a_product_taken_off_the_exchange_is_404(api_client, vendor_client, draft, product):
    published(vendor_client)
    product.status = "archived"
    product.save()
    assert api_client.get(f"/api/v1/trace/{draft['public_code']}/").status_code == 404


# --- GS1 Digital Link ---------------------------------------------------------------------


def test_gs1_digital_link_resolves_to_the_lot(api_client, vendor_client, draft, product):
    product.gtin = "8930000000019"
    product.save()
    lot = published(vendor_client)
    assert lot["trace_url"].endswith("/01/08930000000019/10/L2026-001")
    for gtin in ("08930000000019", "8930000000019"):
        response = api_client.get(f"/01/{gtin}/10/L2026-001", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json()["public_code"] == draft["public_code"]
    page = api_client.get("/01/08930000000019/10/L2026-001", HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert "Mì gạo Hùng Lô" in page.content.decode()
    assert api_client.get("/01/08930000000019/10/NOPE").status_code == 404
    assert api_client.get("/01/08930000000026/10/L2026-001").status_code == 404


def test_gs1_digital_link_of_a_draft_lot_is_404(api_client, draft, product):
    product.gtin = "8930000000019"
    product.save()
    assert api_client.get("/01/08930000000019/10/L2026-001").status_code == 404


# --- QR codes and export ------------------------------------------------------------------


def test_qr_code_as_svg_and_png(vendor_client, draft):
    svg = vendor_client.get(f"{LOTS}L2026-001/qr/")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = vendor_client.get(f"{LOTS}L2026-001/qr/?file=png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert vendor_client.get(f"{LOTS}L2026-001/qr/?file=gif").status_code == 400


def _scan(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.format for r in results] == [zxingcpp.BarcodeFormat.QRCode]
    return results[0].text


def test_qr_code_decoded_by_a_real_reader_resolves_to_the_lot(
    api_client, vendor_client, draft, product
):
    """Read by a real QR decoder (zxing-cpp), as a phone would: without a GTIN the short trace
    URL, with one the GS1 Digital Link; both answer the lot's record."""
    published(vendor_client)
    short = _scan(vendor_client.get(f"{LOTS}L2026-001/qr/?file=png").content)
    assert short == f"http://testserver/t/{draft['public_code']}"
    product.gtin = "8930000000019"
    product.save()
    link = _scan(vendor_client.get(f"{LOTS}L2026-001/qr/?file=png").content)
    assert link == "http://testserver/01/08930000000019/10/L2026-001"
    for url in (short, link):
        answer = api_client.get(
            url.removeprefix("http://testserver"), HTTP_ACCEPT="application/json"
        )
        assert answer.status_code == 200
        assert answer.json()["public_code"] == draft["public_code"]


def test_export_is_formula_safe_csv_and_xlsx(vendor_client, product):
    vendor_client.post(LOTS, lot_body(origin_place='=HYPERLINK("x")'), format="json")
    csv_body = vendor_client.get(f"{LOTS}export/").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_body and "L2026-001" in csv_body
    xlsx = vendor_client.get(f"{LOTS}export/?file=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.cell(row=2, column=8).value == '\'=HYPERLINK("x")'
    assert vendor_client.get(f"{LOTS}export/?file=pdf").status_code == 400


def test_lot_status_values():
    assert LotStatus.values == ["draft", "published", "recalled"]


def test_refusals_are_in_vietnamese_by_default(vendor_client, product):
    day = str(TODAY - dt.timedelta(days=3))
    response = vendor_client.post(
        LOTS, lot_body(produced_on=day, best_before=day), format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.json()["errors"]["best_before"] == [
        "Hạn sử dụng tốt nhất phải sau ngày sản xuất."
    ]


def test_lists_refuse_unknown_parameters(vendor_client, draft):
    response = vendor_client.get(f"{LOTS}?colour=red")
    assert response.status_code == 400
    assert "colour" in response.json()["errors"]
    assert vendor_client.get(f"{LOTS}L2026-001/events/?colour=red").status_code == 400


def test_trace_record_is_publicly_cacheable(api_client, vendor_client, draft):
    published(vendor_client)
    response = api_client.get(f"/api/v1/trace/{draft['public_code']}/")
    assert "public" in response["Cache-Control"]
    assert response["ETag"]
    again = api_client.get(
        f"/api/v1/trace/{draft['public_code']}/", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
