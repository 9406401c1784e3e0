"""Stamp sheets and scan counts (issue 14 item 8, D168–D170): a storefront downloads a
print-ready PDF or SVG sheet of QR stamps for a lot, optionally with a serial per stamp; a
real QR reader reads the served sheet and the URL resolves to the lot; scans are counted per
lot and day in the cache, flushed to one row per day, and shown to the storefront."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from django.core.cache import cache
from django.utils import timezone
from PIL import Image, ImageDraw

from tests.traceability.test_lots import LOTS, lot_body, published
from traceability.models import Lot, LotScanDay
from traceability.scans import scans_flush

pytestmark = pytest.mark.django_db

STAMPS = f"{LOTS}L2026-001/stamps/"
SCANS = f"{LOTS}L2026-001/scans/"


@pytest.fixture
def lot(vendor_client, product):
    body = vendor_client.post(LOTS, lot_body(), format="json").json()
    published(vendor_client)
    return body


def _first_stamp_png(svg: str) -> Image.Image:
    """Rasterise the first QR of a served SVG sheet, module by module, as a printer would."""
    match = re.search(
        r'<g transform="translate\([^)]*\) scale\([^)]*\)">'
        r'<rect width="(\d+)"[^>]*/><path d="([^"]*)"',
        svg,
    )
    assert match, svg[:300]
    modules, path = int(match.group(1)), match.group(2)
    px = 8
    image = Image.new("L", (modules * px, modules * px), 255)
    draw = ImageDraw.Draw(image)
    for c, r, n in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\d+z", path):
        x, y = int(c) * px, int(r) * px
        draw.rectangle([x, y, x + int(n) * px - 1, y + px - 1], fill=0)
    return image


def _decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert [r.format for r in results] == [zxingcpp.BarcodeFormat.QRCode]
    return results[0].text


def test_svg_sheet_read_by_a_real_reader_resolves_to_the_lot(vendor_client, api_client, lot):
    response = vendor_client.get(STAMPS, {"file": "svg", "paper": "a4-24"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "attachment" in response["Content-Disposition"]
    svg = response.content.decode()
    assert svg.count("<path ") == 24  # one full sheet of 3 × 8
    assert "(10) L2026-001" in svg
    url = _decode(_first_stamp_png(svg))
    assert url == f"http://testserver/t/{lot['public_code']}"
    record = api_client.get(url.removeprefix("http://testserver"), HTTP_ACCEPT="application/json")
    assert record.status_code == 200
    assert record.json()["public_code"] == lot["public_code"]


def test_serial_stamps_resolve_to_the_same_lot(vendor_client, api_client, lot, product):
    response = vendor_client.get(
        STAMPS, {"file": "svg", "paper": "a4-65", "serials": "true", "start": 41, "count": 3}
    )
    svg = response.content.decode()
    assert svg.count("<path ") == 3
    assert "(21) 41" in svg and "(21) 43" in svg
    url = _decode(_first_stamp_png(svg))
    assert url == f"http://testserver/t/{lot['public_code']}/41"
    answer = api_client.get(url.removeprefix("http://testserver"), HTTP_ACCEPT="application/json")
    assert answer.json()["code"] == "L2026-001"
    # With a GTIN the serial is GS1's AI 21 after the lot.
    product.gtin = "8930000000019"
    product.save(update_fields=["gtin"])
    svg = vendor_client.get(
        STAMPS, {"file": "svg", "serials": "1", "start": 7, "count": 1}
    ).content.decode()
    url = _decode(_first_stamp_png(svg))
    assert url == "http://testserver/01/08930000000019/10/L2026-001/21/7"
    answer = api_client.get(url.removeprefix("http://testserver"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert answer.json()["public_code"] == lot["public_code"]


def test_pdf_sheets_one_page_per_sheet(vendor_client, lot):
    response = vendor_client.get(STAMPS, {"paper": "a4-40", "count": 90, "serials": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", body)) == 3  # 40 + 40 + 10 stamps


def test_stamp_refusals(vendor_client, api_client, buyer_client, lot, product):
    assert api_client.get(STAMPS).status_code == 401
    stranger = buyer_client
    assert stranger.get(STAMPS).status_code == 403
    too_many = vendor_client.get(STAMPS, {"file": "svg", "paper": "a4-24", "count": 25})
    assert too_many.status_code == 400
    assert "count" in too_many.json()["errors"]
    assert vendor_client.get(STAMPS, {"paper": "letter"}).status_code == 400
    unknown = vendor_client.get(STAMPS, {"size": "big"})
    assert unknown.status_code == 400
    assert "size" in unknown.json()["errors"]
    vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "Sai nhãn"}, format="json")
    assert vendor_client.get(STAMPS).status_code == 409


def test_scans_are_counted_per_day_without_a_row_per_scan(
    vendor_client, api_client, buyer_client, lot
):
    trace = f"/t/{lot['public_code']}"
    for path in (trace, trace, f"{trace}/3"):
        assert api_client.get(path).status_code == 200
    assert api_client.get("/t/NOSUCHCODE00").status_code == 404  # counts nothing
    assert LotScanDay.objects.count() == 0  # the scans are counters in the cache
    today = timezone.localdate().isoformat()
    seen = vendor_client.get(SCANS).json()
    assert seen == {"total": 3, "days": [{"day": today, "scans": 3}], "suspect_serials": []}

    assert scans_flush() == 3
    assert list(LotScanDay.objects.values_list("count", flat=True)) == [3]
    assert vendor_client.get(SCANS).json()["total"] == 3  # not counted twice
    assert scans_flush() == 0
    api_client.get(trace)
    assert vendor_client.get(SCANS).json()["days"] == [{"day": today, "scans": 4}]
    assert scans_flush() == 1
    assert list(LotScanDay.objects.values_list("count", flat=True)) == [4]
    # Only the storefront and moderators see them.
    assert api_client.get(SCANS).status_code == 401
    assert buyer_client.get(SCANS).status_code == 403


@pytest.mark.response_cache
def test_trace_record_is_kept_until_a_write(
    vendor_client, api_client, lot, django_assert_num_queries, django_capture_on_commit_callbacks
):
    trace = f"/t/{lot['public_code']}"
    assert api_client.get(trace, HTTP_ACCEPT="application/json").status_code == 200
    with django_assert_num_queries(0):
        again = api_client.get(trace, HTTP_ACCEPT="application/json")
    assert again.json()["recall"] is None
    with django_capture_on_commit_callbacks(execute=True):
        vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "Sai nhãn"}, format="json")
    # The recall shows at the next scan: the write started a new generation.
    shown = api_client.get(trace, HTTP_ACCEPT="application/json").json()
    assert shown["recall"]["reason"] == "Sai nhãn"
    assert Lot.objects.get(public_code=lot["public_code"]).status == "recalled"
    assert cache.get(f"trace-scans:{timezone.localdate().isoformat()}:{Lot.objects.get().pk}") == 3
