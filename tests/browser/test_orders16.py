"""A buyer's account pages in Chromium (issue 16, orders16): a delivered order reviewed with a
rating at phone width; a quote accepted into an order; a buy lead posted and the fair tickets.
Each page passes axe-core, has no horizontal scrolling at 360 px, and is saved as screenshots."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from fairs.services.visitors import registration_create
from leads.models import Lead
from orders.models import InquiryMessage, Order, Review
from orders.services import quotes
from tests.factories import InquiryFactory, MembershipFactory, ProductFactory, UserFactory
from tests.factories.fairs import FairFactory
from tests.web.activity_setup import delivered, sales_terms

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _sign_in(page, live_server, email: str, then: str) -> None:
    page.open(live_server.url + "/dang-nhap/?next=" + then)
    page.type("#id_email", email)
    page.type("#id_password", "secret-pass-123")
    page.follow("form.form button[type=submit]")
    assert page.driver.current_url == live_server.url + then


@pytest.fixture
def shop():
    membership = MembershipFactory(vendor__display_name="HTX Mì gạo Hùng Lô")
    sales_terms(membership.vendor)
    product = ProductFactory(vendor=membership.vendor, name="Mì gạo Hùng Lô")
    return product, membership.user


def test_a_buyer_reviews_a_delivered_order_with_a_rating_on_a_phone(page, live_server, shop):
    product, seller = shop
    buyer = UserFactory(email="mua@example.vn", full_name="Lê Văn Mua")
    order = delivered(buyer, product, seller)
    line = order.lines.get()

    _sign_in(page, live_server, "mua@example.vn", "/tai-khoan/don-hang/")
    assert order.number in page.text("main")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("orders16-orders")
    page.follow(f"a[href='/tai-khoan/don-hang/{order.number}/']")

    page.driver.set_window_size(PHONE_WIDTH, 800)
    assert "Đã giao" in page.text("main")
    page.find(".order-lines details summary").click()
    page.find(f"#id_line{line.pk}-stars_0").click()  # ★★★★★
    page.type(f"#id_line{line.pk}-text", "Sợi dai, thơm gạo")
    page.follow(".order-lines form button[type=submit]")

    assert (
        page.driver.current_url == live_server.url + f"/tai-khoan/don-hang/{order.number}/#danh-gia"
    )
    assert "Cảm ơn bạn đã đánh giá." in page.text(".notice")
    assert "5/5 sao" in page.text("#danh-gia") and "Sợi dai, thơm gạo" in page.text("#danh-gia")
    assert Review.objects.get(order_line=line).stars == 5
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("orders16-order-reviewed")


def test_a_buyer_accepts_a_quote_and_gets_the_order(page, live_server, shop):
    product, seller = shop
    buyer = UserFactory(email="mua@example.vn", full_name="Lê Văn Mua")
    inquiry = InquiryFactory(product=product, buyer=buyer, quantity=300)
    InquiryMessage.objects.create(inquiry=inquiry, author=buyer, body="Giá sỉ 300 kg?")
    quote = quotes.quote_create(
        inquiry=inquiry,
        actor=seller,
        lines=[(product.slug, 300, 38000)],
        shipping_fee=0,
        valid_until=timezone.localdate() + dt.timedelta(days=3),
        note="Giá tốt cho đơn sỉ",
    )

    _sign_in(page, live_server, "mua@example.vn", f"/tai-khoan/hoi-hang/{inquiry.pk}/")
    assert "Giá tốt cho đơn sỉ" in page.text("main")
    page.find(".quote details summary").click()
    p = f"#id_q{quote.pk}-"
    page.type(p + "phone", "0912345678")
    page.type(p + "street", "Số 12, đường Hùng Vương")
    page.find(p + "province option[value='25']").click()  # the script fetches its communes
    for _ in range(150):  # the page comes back with the province's communes
        if page.find_all(p + "commune option[value='7900']"):
            break
        time.sleep(0.1)
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("orders16-quote")
    page.find(p + "commune option[value='7900']").click()
    page.find(p + "payment_method_0").click()
    page.follow(".quote form button[type=submit]:not([name])")

    order = Order.objects.get(buyer=buyer)
    # (the browser keeps the form's #bao-gia-… fragment across the redirect)
    url = page.driver.current_url.split("#")[0]
    assert url == live_server.url + f"/tai-khoan/don-hang/{order.number}/"
    assert order.total == 300 * 38000
    assert order.number in page.text("h1")
    page.assert_accessible()
    page.shoot("orders16-quote-order")


def test_a_buyer_posts_a_lead_and_sees_the_tickets_on_a_phone(page, live_server):
    buyer = UserFactory(email="mua@example.vn", full_name="Lê Văn Mua")
    fair = FairFactory(name="Hội chợ OCOP Đất Tổ", slug="hoi-cho-ocop-dat-to")
    registration_create(fair=fair, actor=buyer, attendee_name=buyer.full_name)

    _sign_in(page, live_server, "mua@example.vn", "/tai-khoan/tin-mua-ban/dang-tin/")
    page.driver.set_window_size(PHONE_WIDTH, 800)
    page.type("#id_title", "Cần mua 2 tấn chè búp khô")
    page.find("#id_category option[value='thuc-pham-so-che']").click()
    page.type("#id_quantity", "2000")
    page.find("#id_negotiable").click()
    page.find("#id_province option[value='25']").click()
    page.follow("main form button[type=submit]")

    lead = Lead.objects.get(poster=buyer)
    assert page.driver.current_url == live_server.url + f"/tai-khoan/tin-mua-ban/{lead.slug}/"
    assert "Cần mua 2 tấn chè búp khô" in page.text("h1")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("orders16-lead")

    page.open(live_server.url + "/tai-khoan/ve/")
    assert "Hội chợ OCOP Đất Tổ" in page.text("main")
    assert page.no_horizontal_scroll(PHONE_WIDTH)
    page.assert_accessible()
    page.shoot("orders16-tickets")
    page.follow("a[href='/hoi-cho/hoi-cho-ocop-dat-to/ve/']")
    assert page.find(".ticket-qr img").get_attribute("src").startswith("data:image/svg+xml")
