"""A buyer's journey in Chromium (issue 16, buyer16): open an account, sign in, put a product in
the cart, check out paying by bank transfer (province then commune chosen with JavaScript) and
read the VietQR code on the payment page with a real QR reader, at phone width. axe-core on
every page."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from selenium.webdriver.support.ui import Select, WebDriverWait

from orders.models import Order, StorefrontSales
from orders.services.vietqr import tlv_parse
from tests.factories import ProductFactory, VendorFactory

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _type(page, css: str, text: str) -> None:
    field = page.find(css)
    field.clear()
    field.send_keys(text)


def test_sign_up_cart_checkout_by_bank_transfer_and_scan_the_vietqr(page, live_server):
    shop = VendorFactory(slug="htx-mi-gao-hung-lo", display_name="HTX Mì gạo Hùng Lô")
    StorefrontSales.objects.create(
        vendor=shop,
        accepts_cod=True,
        accepts_bank_transfer=True,
        bank_bin="970436",
        bank_account="0011004123456",
        bank_account_name="HTX MI GAO HUNG LO",
        shipping_fee=30000,
    )
    ProductFactory(vendor=shop, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô", price=45000)

    page.open(live_server.url + "/dang-ky/")
    page.assert_accessible()
    _type(page, "#id_full_name", "Trần Thị Mua")
    _type(page, "#id_email", "mua@example.vn")
    _type(page, "#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")
    assert page.text("h1") == "Kiểm tra hộp thư"
    page.shoot("buyer-sign-up-sent")

    page.open(live_server.url + "/dang-nhap/?next=/san-pham/mi-gao-hung-lo/")
    _type(page, "#id_email", "mua@example.vn")
    _type(page, "#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")
    quantity = page.find("#cart-quantity")
    quantity.clear()
    quantity.send_keys("2")
    page.follow(".actions button[type='submit']")

    page.open(live_server.url + "/gio-hang/")
    assert "120.000 ₫" in page.text("main")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("buyer-cart")
    page.follow("a.button[href='/thanh-toan/']")

    assert not page.find(".js-hide").is_displayed()  # JavaScript fetches the communes itself
    Select(page.find("#id_province")).select_by_value("25")
    WebDriverWait(page.driver, 15).until(
        lambda d: len(Select(page.find("#id_commune")).options) > 1
    )
    Select(page.find("#id_commune")).select_by_value("7900")
    _type(page, "#id_phone", "0912 345 678")
    _type(page, "#id_street", "Số 12, đường Hùng Vương")
    page.find("input[value='bank_transfer']").click()
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("buyer-checkout")
    page.follow("button[name=place]")

    order = Order.objects.get(buyer__email="mua@example.vn")
    assert page.driver.current_url.endswith(f"/thanh-toan/xong/{order.checkout_id}/")
    assert order.number in page.text(".pay-reference")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("buyer-vietqr")

    # What a phone's camera sees: the QR on the page, at phone width, read by a real reader.
    page.driver.set_window_size(PHONE_WIDTH, 800)
    png = page.find(".vietqr img").screenshot_as_png
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.format for r in results] == [zxingcpp.BarcodeFormat.QRCode]
    fields = tlv_parse(results[0].text)
    assert fields["54"] == str(order.total) == "120000"
    assert tlv_parse(fields["62"])["08"] == order.number
