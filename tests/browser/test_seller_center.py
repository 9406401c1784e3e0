"""The seller center in Chromium (issue 16, seller16a): a new seller signs in, opens a
storefront (the commune list follows the province from the API), a moderator approves it, the
seller creates a product, adds a picture from the file input (uploaded by XHR with progress)
and submits the product; an owner's dashboard, import report, certificates and members pages.
Every page passes axe-core and fits a 360 px wide phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select, WebDriverWait

from catalog.models import ImportJob, ImportStatus, Product, ProductStatus
from catalog.services.products import product_approve
from marketplace.models import MemberRole, Vendor, VendorStatus
from marketplace.services import vendors as vendor_services
from media.models import Image
from orders.models import OrderStatus
from tests.factories import (
    PHU_THO,
    PHUONG_VIET_TRI,
    CertificateFactory,
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
)
from tests.factories.orders import place_order
from tests.media.corpus import jpeg
from traceability.models import Lot, LotStatus

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


WIDER_THAN_THE_PAGE = """
    page_width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter(e => e.getBoundingClientRect().right > page_width + 1)
      .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id);
"""


def _check(page, name: str) -> None:
    if not page.no_horizontal_scroll(PHONE_WIDTH):
        page.driver.set_window_size(PHONE_WIDTH, 800)
        raise AssertionError((name, page.driver.execute_script(WIDER_THAN_THE_PAGE)))
    page.assert_accessible()
    page.shoot(name)


def test_a_producer_from_sign_up_to_a_published_product_a_shipped_order_and_stamps(
    page, live_server, tmp_path
):
    """Issue 16's producer journey: sign up, open a storefront, approved by a moderator, a
    product with a picture from the phone published, an order confirmed and shipped, a lot
    with its QR stamp sheet."""
    page.open(live_server.url + "/dang-ky/")
    page.type("#id_full_name", "Phạm Thị Hoa")
    page.type("#id_email", "hoa@example.vn")
    page.type("#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")
    page.open(live_server.url + "/dang-nhap/?next=/ban-hang/mo-gian-hang/")
    page.type("#id_email", "hoa@example.vn")
    page.type("#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")

    assert page.driver.current_url == live_server.url + "/ban-hang/mo-gian-hang/"
    assert not page.find(".step-communes").is_displayed()  # JS fills the communes itself
    _check(page, "seller-open")
    Select(page.find("#id_kind")).select_by_value("cooperative")
    page.type("#id_legal_name", "Hợp tác xã Chè Long Cốc")
    page.type("#id_display_name", "HTX Chè Long Cốc")
    page.type("#id_tax_code", "2600123456")
    Select(page.find("#id_province")).select_by_value(str(PHU_THO))
    WebDriverWait(page.driver, 10).until(
        lambda d: len(Select(page.find("#id_commune")).options) > 1
    )
    Select(page.find("#id_commune")).select_by_value(str(PHUONG_VIET_TRI))
    page.type("#id_phone", "0210 3812 345")
    page.follow(".area-page form .actions button[type=submit]")

    vendor = Vendor.objects.get(tax_code="2600123456")
    assert page.driver.current_url == live_server.url + f"/ban-hang/{vendor.slug}/gian-hang/"
    assert vendor.status == VendorStatus.PENDING
    _check(page, "seller-storefront")

    vendor_services.vendor_approve(vendor=vendor, actor=ModeratorFactory())
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/")
    _check(page, "seller-dashboard")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/san-pham/moi/")
    page.type("#id_name", "Chè búp Long Cốc")
    Select(page.find("#id_category")).select_by_value("gao-ngu-coc")
    Select(page.find("#id_unit")).select_by_value("kg")
    page.type("#id_price", "250000")
    page.follow(".area-page form .actions button[type=submit]")

    product = Product.objects.get(vendor=vendor)
    assert page.driver.current_url.endswith(f"/san-pham/{product.slug}/anh/")
    photo = tmp_path / "che.jpg"
    photo.write_bytes(jpeg((1200, 900)))
    page.find("#id_file").send_keys(str(photo))
    page.find("form.picture-upload button[type=submit]").click()
    WebDriverWait(page.driver, 20).until(lambda d: page.find_all("ol.pictures li"))
    assert Image.objects.filter(product=product).count() == 1
    _check(page, "seller-pictures")

    page.follow(f"a[href='/ban-hang/{vendor.slug}/san-pham/{product.slug}/']")
    page.follow("form[action$='/gui-duyet/'] button")
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING_REVIEW
    assert "Chè búp Long Cốc" in page.text("main")
    _check(page, "seller-products")

    # A moderator publishes it: the public product page shows the picture.
    product_approve(product=product, actor=ModeratorFactory())
    page.open(live_server.url + f"/san-pham/{product.slug}/")
    assert page.find(".gallery img").get_attribute("src")
    assert "Chè búp Long Cốc" in page.text("h1")

    # A buyer's order: the producer confirms it and ships it with a tracking code.
    order = place_order(UserFactory(full_name="Lê Văn Mua"), product, quantity=2)
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/don-hang/{order.number}/")
    page.follow("form[action$='/xac-nhan/'] button[type=submit]")
    page.type("#id_carrier", "Viettel Post")
    page.type("#id_tracking_code", "VTP777")
    page.follow("form[action$='/giao-hang/'] button[type=submit]")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_code == "VTP777"
    _check(page, "producer-order-shipped")

    # A lot of the product, published, and its stamp sheet as a PDF.
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/lo-hang/")
    page.type("#id_code", "CHE-2026-12")
    page.driver.execute_script("document.getElementById('id_produced_on').value = '2026-12-01'")
    page.follow("form[action$='/lo-hang/moi/'] button[type=submit]")
    page.follow("form[action$='/cong-bo/'] button[type=submit]")
    assert Lot.objects.get(product=product, code="CHE-2026-12").status == LotStatus.PUBLISHED
    action = page.find("form[action$='/tem/']").get_attribute("action")
    kind, head = page.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0] + '?paper=a4-24&count=3').then(r => r.arrayBuffer().then(b =>"
        " done([r.headers.get('content-type'), Array.from(new Uint8Array(b.slice(0, 4)))])));",
        action,
    )
    assert (kind, bytes(head)) == ("application/pdf", b"%PDF")
    _check(page, "producer-lot")


def test_an_owners_import_report_certificates_and_members_fit_a_phone(page, live_server):
    owner = MembershipFactory(vendor__display_name="HTX Mật ong Tam Đảo")
    vendor = owner.vendor
    product = ProductFactory(vendor=vendor, name="Mật ong bạc hà Hà Giang")
    CertificateFactory(product=product, expires_on=timezone.localdate() + dt.timedelta(days=30))
    MembershipFactory(vendor=vendor, role=MemberRole.STAFF)
    errors = {"price": ["Giá không được là số âm."], "category": ["Không có danh mục này."]}
    job = ImportJob.objects.create(
        vendor=vendor,
        file_name="bang-gia-thang-12-co-ten-rat-dai-cua-hop-tac-xa.xlsx",
        file_format="xlsx",
        status=ImportStatus.SUCCEEDED,
        total=2,
        processed=2,
        created=1,
        failed=1,
        report=[
            {"line": 2, "external_id": "MO-001", "result": "created", "product": product.slug,
             "errors": {}},
            {"line": 3, "external_id": "MO-002-MAT-ONG-RUNG-NGUYEN-CHAT", "result": "failed",
             "product": None, "errors": errors},
        ],
    )  # fmt: skip
    page.driver.get(live_server.url + "/dang-nhap/")
    page.type("#id_email", owner.user.email)
    page.type("#id_password", "secret-pass-123")
    page.follow("form.form button[type=submit]")

    page.open(live_server.url + f"/ban-hang/{vendor.slug}/")
    assert "Mật ong bạc hà Hà Giang" in page.text("main")  # its certificate expires soon
    _check(page, "seller-dashboard-certificate")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/nhap-san-pham/{job.pk}/")
    assert "Không có danh mục này." in page.text("main")
    _check(page, "seller-import-report")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/nhap-san-pham/")
    _check(page, "seller-import")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/chung-nhan/")
    page.find("details summary").click()
    _check(page, "seller-certificates")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/thanh-vien/")
    _check(page, "seller-members")
    page.open(live_server.url + f"/ban-hang/{vendor.slug}/san-pham/{product.slug}/")
    _check(page, "seller-product-edit")
