"""The seller center's trade in Chromium (seller16b): an order is confirmed, shipped with a
tracking code and its packing slip printed; a lot gets an event, is published and its stamp
sheet downloaded as a PDF; a question gets a quote, and the reviews, complaints and fairs pages
read on a phone. At phone width, no horizontal scrolling; axe-core clean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from orders.models import InquiryMessage
from orders.services.complaints import complaint_open
from orders.services.reviews import review_create
from tests.factories import (
    InquiryFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.fairs import BoothTypeFactory, ExhibitorApplicationFactory
from tests.factories.fairs_visitors import MeetingFactory, SlotFactory
from tests.factories.orders import place_order
from tests.web.seller_trade import deliver
from traceability.models import Lot, LotStatus

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _signed_in(page, live_server, user) -> None:
    """The browser carries a session of `user` (the sign-in page has its own test)."""
    client = Client()
    client.force_login(user)
    page.open(live_server.url + "/")
    page.driver.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


def _check(page) -> None:
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()


def _shop():
    owner = UserFactory(full_name="Nguyễn Văn Chủ")
    vendor = VendorFactory(slug="htx-mi-gao-hung-lo", display_name="HTX Mì gạo Hùng Lô")
    MembershipFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô")
    return owner, vendor, product


def test_an_order_is_confirmed_shipped_and_its_packing_slip_printed(page, live_server):
    owner, vendor, product = _shop()
    order = place_order(UserFactory(full_name="Lê Văn Mua"), product, quantity=3)
    _signed_in(page, live_server, owner)

    page.open(f"{live_server.url}/ban-hang/{vendor.slug}/don-hang/")
    assert order.number in page.text("main")
    _check(page)
    page.shoot("seller-orders")
    page.follow(f"a[href='/ban-hang/{vendor.slug}/don-hang/{order.number}/']")
    assert "Số 12, đường Hùng Vương" in page.text("main")
    _check(page)

    page.follow("form[action$='/xac-nhan/'] button[type=submit]")
    assert "Đã xác nhận" in page.text(".notice") or page.find("form[action$='/giao-hang/']")
    page.type("#id_carrier", "Viettel Post")
    page.type("#id_tracking_code", "VTP123456")
    page.follow("form[action$='/giao-hang/'] button[type=submit]")
    assert "VTP123456" in page.text("main")
    _check(page)
    page.shoot("seller-order")

    page.follow(f"a[href='/ban-hang/{vendor.slug}/don-hang/{order.number}/phieu-giao/']")
    slip = page.text("main")
    assert order.number in slip and "Lê Văn Mua" in slip and "Mì gạo Hùng Lô" in slip
    _check(page)
    page.shoot("seller-packing-slip")


def test_a_lot_gets_an_event_is_published_and_its_stamps_downloaded(page, live_server):
    owner, vendor, product = _shop()
    _signed_in(page, live_server, owner)

    page.open(f"{live_server.url}/ban-hang/{vendor.slug}/lo-hang/")
    _check(page)
    page.type("#id_code", "LO-2026-07")
    page.driver.execute_script("document.getElementById('id_produced_on').value = '2026-07-01'")
    page.follow("form[action$='/lo-hang/moi/'] button[type=submit]")
    lot = Lot.objects.get(product=product, code="LO-2026-07")

    page.type("#id_actor_name", "Tổ thu hái")
    page.driver.execute_script(
        "document.getElementById('id_occurred_at').value = '2026-07-01T07:30'"
    )
    page.follow("form[action$='/su-kien/'] button[type=submit]")
    assert "Tổ thu hái" in page.text("main")
    page.follow("form[action$='/cong-bo/'] button[type=submit]")
    lot.refresh_from_db()
    assert lot.status == LotStatus.PUBLISHED
    _check(page)
    page.shoot("seller-lot")

    action = page.find("form[action$='/tem/']").get_attribute("action")
    kind, head = page.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0] + '?paper=a4-24&count=3').then(r => r.arrayBuffer().then(b =>"
        " done([r.headers.get('content-type'), Array.from(new Uint8Array(b.slice(0, 4)))])));",
        action,
    )
    assert kind == "application/pdf"
    assert bytes(head) == b"%PDF"


def test_a_question_gets_a_quote_and_the_other_trade_pages_read_on_a_phone(page, live_server):
    owner, vendor, product = _shop()
    buyer = UserFactory(full_name="Lê Văn Mua")
    inquiry = InquiryFactory(product=product, buyer=buyer, quantity=50)
    InquiryMessage.objects.create(inquiry=inquiry, author=buyer, body="Giá sỉ 50 kg bao nhiêu?")
    delivered = deliver(place_order(buyer, product), owner)
    review_create(order=delivered, actor=buyer, stars=5, text="Mì dai, ngon.")
    complaint_open(order=delivered, actor=buyer, reason="damaged", body="Một gói bị rách.")
    application = ExhibitorApplicationFactory(vendor=vendor)
    slot = SlotFactory(fair=application.fair)
    MeetingFactory(fair=application.fair, vendor=vendor, buyer=buyer).preferred_slots.add(slot)
    BoothTypeFactory(name="Gian góc")
    _signed_in(page, live_server, owner)
    base = f"{live_server.url}/ban-hang/{vendor.slug}/"

    page.open(f"{base}hoi-hang/{inquiry.pk}/")
    assert "Giá sỉ 50 kg bao nhiêu?" in page.text("main")
    page.type("#id_unit_price", "30000")
    valid = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    page.driver.execute_script(f"document.getElementById('id_valid_until').value = '{valid}'")
    page.follow("form[action$='/bao-gia/'] button[type=submit]")
    assert "1.500.000" in page.text("main")
    _check(page)
    page.shoot("seller-quote")

    for path, seen in (
        ("hoi-hang/", "Mì gạo Hùng Lô × 50"),
        ("danh-gia/", "Mì dai, ngon."),
        ("khieu-nai/", delivered.number),
        ("hoi-cho/", "Chúng tôi muốn nhập mì gạo"),
    ):
        page.open(base + path)
        assert seen in page.text("main"), path
        _check(page)
    page.shoot("seller-fairs")
