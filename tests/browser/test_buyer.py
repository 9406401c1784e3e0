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

import search
from orders.models import Order, Payment, PaymentStatus, Review, StorefrontSales
from orders.services.vietqr import tlv_parse
from tests.factories import MembershipFactory, ProductFactory, VendorFactory
from tests.web.activity_setup import move

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def test_a_buyer_from_search_to_a_paid_vietqr_order_to_a_review(page, live_server):
    """Issue 16's buyer journey: sign up, find the product by typing without diacritics, cart,
    checkout by bank transfer, the VietQR read by a real QR reader; the storefront marks the
    transfer paid and delivers; the buyer confirms and reviews what was bought."""
    shop = VendorFactory(slug="htx-mi-gao-hung-lo", display_name="HTX Mì gạo Hùng Lô")
    seller = MembershipFactory(vendor=shop).user
    StorefrontSales.objects.create(
        vendor=shop,
        accepts_cod=True,
        accepts_bank_transfer=True,
        bank_bin="970436",
        bank_account="0011004123456",
        bank_account_name="HTX MI GAO HUNG LO",
        shipping_fee=30000,
    )
    noodles = ProductFactory(vendor=shop, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô", price=45000)
    search.backend().index_products([noodles.pk])

    page.open(live_server.url + "/dang-ky/")
    page.assert_accessible()
    page.type("#id_full_name", "Trần Thị Mua")
    page.type("#id_email", "mua@example.vn")
    page.type("#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")
    assert page.text("h1") == "Kiểm tra hộp thư"
    page.shoot("buyer-sign-up-sent")

    page.open(live_server.url + "/dang-nhap/?next=/")
    page.type("#id_email", "mua@example.vn")
    page.type("#id_password", "mot-mat-khau-dai-9")
    page.follow("form.form button[type=submit]")
    page.type("#site-q", "mi gao hung lo")  # no diacritics, as phones often type
    page.follow("form.search button[type=submit]")
    page.follow("a[href='/san-pham/mi-gao-hung-lo/']")
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
    page.type("#id_phone", "0912 345 678")
    page.type("#id_street", "Số 12, đường Hùng Vương")
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

    # The storefront sees the transfer arrive, ships, delivers (its own pages are tested
    # elsewhere); the buyer confirms receipt and reviews the noodles on the order page.
    move(order, seller, "paid", "confirm", "ship", "deliver")
    page.driver.set_window_size(PHONE_WIDTH, 800)
    page.open(live_server.url + f"/tai-khoan/don-hang/{order.number}/")
    assert "VTP123" in page.text("main")
    line = order.lines.get()
    page.find(".order-lines details summary").click()
    page.find(f"#id_line{line.pk}-stars_0").click()  # ★★★★★
    page.type(f"#id_line{line.pk}-text", "Sợi dai, đóng gói cẩn thận")
    page.follow(".order-lines form button[type=submit]")
    assert "Sợi dai, đóng gói cẩn thận" in page.text("#danh-gia")
    review = Review.objects.get(order_line=line)
    assert (review.stars, review.buyer.email) == (5, "mua@example.vn")
    assert Payment.objects.get(order=order).status == PaymentStatus.PAID
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("buyer-reviewed")
