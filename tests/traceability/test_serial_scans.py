"""Scans counted per serial-numbered stamp and copied stamps flagged (issue 14 item 8, D173):
the serial's counters live in the cache and the flush upserts one row per (lot, serial) with
count + n; the scans answer lists serials scanned at least
max(TRACE_COPY_MIN_SCANS, TRACE_COPY_RATIO × the median of the lot's scanned serials) times."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import ProductFactory
from tests.traceability.test_lots import LOTS, lot_body, published
from traceability.models import LotScanDay, LotSerialScan
from traceability.scans import scans_flush

pytestmark = pytest.mark.django_db

SCANS = f"{LOTS}L2026-001/scans/"


@pytest.fixture
def lot(vendor_client, product):
    body = vendor_client.post(LOTS, lot_body(), format="json").json()
    published(vendor_client)
    return body


def _serial_rows():
    return dict(LotSerialScan.objects.values_list("serial", "count"))


def test_serial_scans_are_counted_in_the_cache_and_flushed_to_one_row_per_serial(
    vendor_client, api_client, lot, product
):
    trace = f"/t/{lot['public_code']}"
    for path in (f"{trace}/7", f"{trace}/7", f"{trace}/8", trace):
        assert api_client.get(path).status_code == 200
    assert LotSerialScan.objects.count() == 0  # counters in the cache, no row per scan
    assert scans_flush() == 4
    assert _serial_rows() == {7: 2, 8: 1}  # the scan without a serial counts for the lot only
    assert list(LotScanDay.objects.values_list("count", flat=True)) == [4]
    today = timezone.localdate()
    assert set(LotSerialScan.objects.values_list("last_scanned_on", flat=True)) == {today}
    scans_flush()
    assert _serial_rows() == {7: 2, 8: 1}  # not counted twice
    # The Digital Link's AI 21 counts the same serial, leading zeros or not.
    product.gtin = "8930000000019"
    product.save(update_fields=["gtin"])
    assert api_client.get("/01/08930000000019/10/L2026-001/21/007").status_code == 200
    api_client.get(f"{trace}/9")
    scans_flush()
    assert _serial_rows() == {7: 3, 8: 1, 9: 1}
    # Serials no stamp can carry are not counted; the lot still is.
    assert api_client.get(f"{trace}/0").status_code == 200
    assert api_client.get(f"{trace}/12345678901").status_code == 200
    assert scans_flush() == 2
    assert _serial_rows() == {7: 3, 8: 1, 9: 1}
    assert vendor_client.get(SCANS).json()["suspect_serials"] == []


def test_a_serial_scanned_far_more_than_the_others_is_flagged(
    vendor_client, api_client, moderator_client, lot, settings
):
    trace = f"/t/{lot['public_code']}"
    for serial in range(1, 11):  # ten stamps scanned once or twice
        for _ in range(1 + serial % 2):
            api_client.get(f"{trace}/{serial}")
    for _ in range(50):  # one stamp, copied onto other packages
        api_client.get(f"{trace}/4")
    scans_flush()
    today = timezone.localdate().isoformat()
    # Counts 1,1,1,1,2,2,2,2,2,51: the median is 2, the bar max(20, 10 × 2) = 20.
    answer = vendor_client.get(SCANS)
    assert answer.status_code == 200
    assert answer.json()["suspect_serials"] == [
        {"serial": 4, "scans": 51, "ratio": 25.5, "last_scanned_on": today}
    ]
    assert answer.json()["total"] == 65
    assert moderator_client.get(SCANS).json()["suspect_serials"][0]["serial"] == 4
    # The bar is the operator's: a higher minimum clears it.
    settings.TRACE_COPY_MIN_SCANS = 60
    assert vendor_client.get(SCANS).json()["suspect_serials"] == []
    settings.TRACE_COPY_MIN_SCANS = 20
    settings.TRACE_COPY_RATIO = 40
    assert vendor_client.get(SCANS).json()["suspect_serials"] == []


def test_one_serial_alone_is_never_flagged(vendor_client, api_client, lot):
    for _ in range(30):
        api_client.get(f"/t/{lot['public_code']}/5")
    scans_flush()
    assert _serial_rows() == {5: 30}
    assert vendor_client.get(SCANS).json()["suspect_serials"] == []  # its own median


def test_a_lot_without_serials_has_no_suspects(vendor_client, api_client, lot):
    for _ in range(40):
        api_client.get(f"/t/{lot['public_code']}")
    scans_flush()
    seen = vendor_client.get(SCANS).json()
    assert seen["total"] == 40
    assert seen["suspect_serials"] == []
    assert LotSerialScan.objects.count() == 0


def test_another_storefront_does_not_see_the_serials(
    vendor_client, api_client, other_vendor_client, other_vendor, buyer_client, lot
):
    for _ in range(50):
        api_client.get(f"/t/{lot['public_code']}/4")
    for serial in (5, 6, 7):
        api_client.get(f"/t/{lot['public_code']}/{serial}")
    scans_flush()
    assert vendor_client.get(SCANS).json()["suspect_serials"][0]["serial"] == 4
    # Under its own product, another storefront finds no such lot: 404 as for any lot code.
    ProductFactory(vendor=other_vendor, slug="che-thanh-ba", name="Chè Thanh Ba")
    theirs = other_vendor_client.get("/api/v1/products/che-thanh-ba/lots/L2026-001/scans/")
    assert theirs.status_code == 404
    assert "suspect_serials" not in theirs.json()
    # Under this (public) product: refused as today, before anything is read.
    refused = other_vendor_client.get(SCANS)
    assert refused.status_code == 403
    assert "suspect_serials" not in refused.json()
    assert buyer_client.get(SCANS).status_code == 403
    assert api_client.get(SCANS).status_code == 401
