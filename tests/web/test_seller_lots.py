"""The seller center's lots and stamps (seller16b): a lot created, events added and edited
while a draft, published, its QR stamp sheet downloaded (the API's PDF), scans and possibly
copied stamps shown, recalled with a reason; another storefront's lot is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ProductFactory
from tests.web.helpers import HTML
from traceability.models import Lot, LotScanDay, LotSerialScan, LotStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


@pytest.fixture
def lot(product, owner):
    return Lot.objects.create(
        product=product, code="L2026-07", public_code="ABCD2345EFGH", produced_on="2026-07-01"
    )


def _url(lot, tail=""):
    return f"/ban-hang/{lot.product.vendor.slug}/lo-hang/{lot.product.slug}/{lot.code}/{tail}"


def test_create_a_lot_then_events_publish_stamps_recall(seller, vendor, product):
    base = f"/ban-hang/{vendor.slug}/lo-hang/"
    assert "Mì gạo Hùng Lô" in seller.get(base, **HTML).content.decode()

    response = seller.post(
        f"{base}moi/",
        {
            "product": product.slug,
            "code": "LO-01",
            "produced_on": "2026-07-01",
            "origin_place": "Đồi chè",
        },
    )
    lot = Lot.objects.get(product=product, code="LO-01")
    assert response.status_code == 302 and response["Location"] == _url(lot)
    assert lot.status == LotStatus.DRAFT and lot.origin_place == "Đồi chè"

    event = {"kind": "harvest", "occurred_at": "2026-07-01T07:30", "actor_name": "Tổ thu hái"}
    assert seller.post(_url(lot, "su-kien/"), event).status_code == 302
    added = lot.events.get()
    assert seller.get(_url(lot, f"su-kien/{added.pk}/"), **HTML).status_code == 200
    assert (
        seller.post(_url(lot, f"su-kien/{added.pk}/"), event | {"place": "Đồi 3"}).status_code
        == 302
    )
    added.refresh_from_db()
    assert added.place == "Đồi 3"

    assert seller.post(_url(lot, "cong-bo/")).status_code == 302
    lot.refresh_from_db()
    assert lot.status == LotStatus.PUBLISHED
    refused = seller.post(_url(lot, f"su-kien/{added.pk}/"), event | {"place": "Đồi 4"})
    assert refused.status_code == 409  # events of a published lot are append-only
    assert seller.post(_url(lot, "cong-bo/")).status_code == 409

    sheet = seller.get(_url(lot, "tem/"), {"paper": "a4-24", "count": "3", "serials": "on"})
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/pdf"
    assert sheet.content.startswith(b"%PDF")
    assert 'filename="lot-LO-01-stamps.pdf"' in sheet["Content-Disposition"]

    assert seller.post(_url(lot, "thu-hoi/"), {"reason": ""}).status_code == 400
    assert seller.post(_url(lot, "thu-hoi/"), {"reason": "Nhiễm ẩm"}).status_code == 302
    lot.refresh_from_db()
    assert (lot.status, lot.status_reason) == (LotStatus.RECALLED, "Nhiễm ẩm")
    assert seller.get(_url(lot, "tem/")).status_code == 409  # a recalled lot gets no stamps


def test_a_lot_code_refused_beside_the_field(seller, vendor, product, lot):
    response = seller.post(
        f"/ban-hang/{vendor.slug}/lo-hang/moi/",
        {"product": product.slug, "code": lot.code, "produced_on": "2026-07-01"},
    )

    assert response.status_code == 400
    assert "has-error" in response.content.decode()
    assert Lot.objects.filter(product=product).count() == 1


def test_scans_and_the_copied_stamp_flag(seller, lot, settings):
    today = timezone.localdate()
    LotScanDay.objects.create(lot=lot, day=today - dt.timedelta(days=2), count=40)
    for serial in range(1, 6):
        LotSerialScan.objects.create(lot=lot, serial=serial, count=1, last_scanned_on=today)
    LotSerialScan.objects.create(lot=lot, serial=7, count=200, last_scanned_on=today)

    lots_page = seller.get(f"/ban-hang/{lot.product.vendor.slug}/lo-hang/", **HTML).content.decode()
    html = seller.get(_url(lot), **HTML).content.decode()

    assert "<td>40</td>" in lots_page
    assert "#7: 200" in html


def test_another_storefronts_lot_is_a_404(client, lot, other_owner, other_vendor):
    client.force_login(other_owner)
    ProductFactory(vendor=other_vendor, slug=lot.product.slug + "-2")

    assert client.get(_url(lot)).status_code == 404
    assert (
        client.get(_url(lot).replace(lot.product.vendor.slug, other_vendor.slug)).status_code == 404
    )
    assert (
        client.get(
            _url(lot, "tem/").replace(lot.product.vendor.slug, other_vendor.slug)
        ).status_code
        == 404
    )
    assert (
        client.post(
            _url(lot, "cong-bo/").replace(lot.product.vendor.slug, other_vendor.slug)
        ).status_code
        == 404
    )
