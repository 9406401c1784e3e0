"""web2's pages in Chromium (issue 15): a visitor signs in through the sign-in page, registers
for a fair and holds up the ticket; a phone opens a lot's trace page; the leads board and a text
page. Each page passes axe-core; screenshots at phone and desktop widths."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leads.models import Lead, LeadStatus
from orders.models import Page
from tests.conftest import client_for
from tests.factories import (
    PHU_THO,
    CertificateFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
    category,
    unit,
)
from tests.factories.fairs import ExhibitorApplicationFactory, FairFactory

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def test_a_visitor_signs_in_registers_for_a_fair_and_sees_the_ticket(page, live_server):
    fair = FairFactory(name="Hội chợ OCOP Đất Tổ", slug="hoi-cho-ocop-dat-to")
    shop = VendorFactory(display_name="HTX Chè Long Cốc")
    ExhibitorApplicationFactory(
        booth_type__fair=fair,
        vendor=shop,
        booth_number="A12",
        products=[ProductFactory(vendor=shop, name="Chè xanh Long Cốc")],
    )
    UserFactory(email="lan@example.vn", full_name="Trần Thị Lan")

    page.open(live_server.url + "/hoi-cho/")
    page.assert_accessible()
    page.follow(f"a[href='/hoi-cho/{fair.slug}/']")
    assert page.text("h1") == "Hội chợ OCOP Đất Tổ"
    assert "Chè xanh Long Cốc" in page.text("main")
    page.assert_accessible()
    page.shoot("fair")

    page.follow("#dang-ky a.button")
    assert page.driver.current_url.startswith(live_server.url + "/dang-nhap/")
    page.assert_accessible()
    page.shoot("sign-in")
    page.type("#id_email", "lan@example.vn")
    page.type("#id_password", "secret-pass-123")
    page.follow("form.form button[type=submit]")

    assert page.driver.current_url == live_server.url + f"/hoi-cho/{fair.slug}/#dang-ky"
    assert "Trần Thị Lan" in page.text(".account")
    page.type("#organization", "Siêu thị Việt Trì")
    page.follow("#dang-ky button[type=submit]")

    assert page.driver.current_url == live_server.url + f"/hoi-cho/{fair.slug}/ve/"
    qr = page.find(".ticket-qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.size["width"] >= 300  # large enough to scan at the gate
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("fair-ticket")

    page.follow(".account button")
    assert "Đăng nhập" in page.text(".account")


def test_a_phone_opens_the_trace_page_of_a_lot(page, live_server):
    owner = UserFactory()
    vendor = VendorFactory(display_name="HTX Mì gạo Hùng Lô")
    MembershipFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô")
    CertificateFactory(product=product, stars=4)
    api = client_for(owner)
    lots = "/api/v1/products/mi-gao-hung-lo/lots/"
    today = timezone.localdate()
    draft = api.post(
        lots,
        {
            "code": "L2026-001",
            "produced_on": str(today - dt.timedelta(days=10)),
            "best_before": str(today + dt.timedelta(days=170)),
            "quantity": 500,
            "origin_place": "Làng nghề Hùng Lô",
        },
        format="json",
    ).json()
    api.post(
        f"{lots}L2026-001/events/",
        {
            "kind": "harvest",
            "occurred_at": "2026-11-20T07:00:00+07:00",
            "actor_name": "Tổ sản xuất số 2",
            "place": "Cánh đồng Hùng Lô",
            "description": "Thu hoạch lúa Khang Dân",
        },
        format="json",
    )
    assert api.post(f"{lots}L2026-001/publish/").status_code == 200

    page.driver.set_window_size(PHONE_WIDTH, 780)
    page.open(live_server.url + f"/t/{draft['public_code']}")

    assert page.text("h1") == "Mì gạo Hùng Lô"
    assert "Thu hoạch lúa Khang Dân" in page.text(".timeline")
    assert "OCOP 4★" in page.text("main")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("trace")

    # The layout's language switch leads to the English page (D222); an unknown code is the
    # site's own 404 page, not the API's JSON.
    page.follow(".languages a[lang='en']")
    assert page.driver.current_url == live_server.url + f"/en/t/{draft['public_code']}"
    assert page.text("h2#journey-h") == "Journey"
    page.open(live_server.url + "/t/KHONGCO")
    assert page.text("h1").startswith("Không tìm thấy trang")


def test_the_leads_board_a_lead_and_a_text_page(page, live_server):
    poster = UserFactory()
    Lead.objects.create(
        kind="buy",
        slug="can-mua-gao",
        title="Cần mua 5 tấn gạo Khang Dân",
        category=category("gao-ngu-coc"),
        quantity=5000,
        unit=unit("kg"),
        target_price=18000,
        province_id=PHU_THO,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        contact_name="Lê Văn Mua",
        contact_phone="0912345678",
        poster=poster,
        status=LeadStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Page.objects.update_or_create(
        slug="lien-he", defaults={"title": "Liên hệ", "body": "Điện thoại: 0210 3 800 000"}
    )

    page.open(live_server.url + "/tin-mua-ban/")
    assert "Cần mua 5 tấn gạo Khang Dân" in page.text(".lead-list")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("leads")

    page.follow(".lead-list h2 a")
    assert page.text("h1") == "Cần mua 5 tấn gạo Khang Dân"
    assert "0912345678" not in page.text("main")
    page.assert_accessible()

    page.follow(".site-footer a[href='/trang/lien-he/']")
    assert page.text("h1") == "Liên hệ"
    page.assert_accessible()
