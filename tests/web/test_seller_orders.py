"""The seller center's orders (seller16b): the storefront's orders by status, one order with
the buyer's delivery and the lot of a line, confirm / ship / mark paid / cancel / deliver
through the API's services, refusals on the page with the API's status, the packing slip."""

from __future__ import annotations

import pytest

from orders.models import OrderStatus, PaymentStatus
from tests.factories import ProductFactory
from tests.factories.orders import place_order
from tests.web.helpers import HTML
from traceability.models import Lot, LotOrderLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer, product):
    return place_order(buyer, product)


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


def _url(order, tail=""):
    return f"/ban-hang/{order.vendor.slug}/don-hang/{order.number}/{tail}"


def test_the_list_shows_the_storefronts_orders_by_status(seller, order, other_vendor, buyer):
    theirs = place_order(buyer, ProductFactory(vendor=other_vendor))

    html = seller.get(f"/ban-hang/{order.vendor.slug}/don-hang/", **HTML).content.decode()
    assert order.number in html and theirs.number not in html
    assert "Lê Văn Mua" in html

    shipped = seller.get(f"/ban-hang/{order.vendor.slug}/don-hang/?status=shipped", **HTML)
    assert order.number not in shipped.content.decode()


def test_the_order_page_shows_lines_delivery_payment_and_moves(seller, order):
    response = seller.get(_url(order), **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mì gạo Hùng Lô" in html and "Số 12, đường Hùng Vương" in html
    assert "0912345678" in html and "Gọi trước khi giao" in html
    assert _url(order, "xac-nhan/") in html and _url(order, "huy/") in html
    assert _url(order, "giao-hang/") not in html  # not confirmed yet


def test_confirm_ship_deliver_the_whole_way(seller, order):
    response = seller.post(_url(order, "xac-nhan/"))
    assert response.status_code == 302 and response["Location"] == _url(order)
    assert seller.get(response["Location"]).status_code == 200

    response = seller.post(
        _url(order, "giao-hang/"), {"carrier": "Viettel Post", "tracking_code": "VTP123"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_code) == (
        OrderStatus.SHIPPED,
        "Viettel Post",
        "VTP123",
    )

    assert seller.post(_url(order, "da-giao/")).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert order.payment.status == PaymentStatus.PAID  # cash collected on delivery


def test_confirming_twice_is_refused_with_409_on_the_page(seller, order):
    seller.post(_url(order, "xac-nhan/"))

    response = seller.post(_url(order, "xac-nhan/"))

    assert response.status_code == 409
    assert "form-errors" in response.content.decode()


def test_shipping_without_a_tracking_code_is_refused_beside_the_field(seller, order):
    seller.post(_url(order, "xac-nhan/"))

    response = seller.post(_url(order, "giao-hang/"), {"carrier": "Viettel Post"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Viettel Post"' in html  # the form comes back filled
    assert "has-error" in html
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_a_bank_transfer_is_marked_paid_then_shipped(seller, buyer, product):
    order = place_order(buyer, product, method="bank_transfer")
    seller.post(_url(order, "xac-nhan/"))

    unpaid = seller.post(_url(order, "giao-hang/"), {"carrier": "GHN", "tracking_code": "G1"})
    assert unpaid.status_code == 409

    assert seller.post(_url(order, "da-thanh-toan/"), {"reference": "FT123"}).status_code == 302
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.PAID
    assert order.payment.gateway_reference == "FT123"


def test_cancel_needs_a_reason_and_tells_it(seller, order):
    refused = seller.post(_url(order, "huy/"), {"reason": ""})
    assert refused.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED

    assert seller.post(_url(order, "huy/"), {"reason": "Hết hàng"}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.status_reason) == (OrderStatus.CANCELLED, "Hết hàng")


def test_another_storefronts_order_is_a_404(client, order, other_owner, other_vendor):
    client.force_login(other_owner)

    assert client.get(f"/ban-hang/{other_vendor.slug}/don-hang/{order.number}/").status_code == 404
    assert client.get(_url(order)).status_code == 404
    assert (
        client.post(f"/ban-hang/{other_vendor.slug}/don-hang/{order.number}/xac-nhan/").status_code
        == 404
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_the_packing_slip_prints_address_lines_and_lot(seller, order, product, owner):
    lot = Lot.objects.create(
        product=product, code="L2026-07", public_code="ABCD2345", produced_on="2026-07-01"
    )
    LotOrderLine.objects.create(order_line=order.lines.get(), lot=lot, recorded_by=owner)

    response = seller.get(_url(order, "phieu-giao/"), **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html and "Số 12, đường Hùng Vương" in html
    assert "Mì gạo Hùng Lô" in html and "L2026-07" in html
    assert "@page { size: A5" in html and "web/slip.css" in html
    assert (
        "@page { size: A4" in seller.get(_url(order, "phieu-giao/") + "?size=a4").content.decode()
    )
    assert "no-store" in response["Cache-Control"]


def test_the_order_pages_run_in_bounded_queries(
    seller, order, buyer, product, django_assert_max_num_queries
):
    for _ in range(5):
        place_order(buyer, product, quantity=1)
    with django_assert_max_num_queries(12):
        seller.get(f"/ban-hang/{order.vendor.slug}/don-hang/", **HTML)
    with django_assert_max_num_queries(14):
        seller.get(_url(order), **HTML)


def test_the_order_page_speaks_vietnamese_and_english(seller, order):
    vi = seller.get(_url(order), **HTML).content.decode()
    en = seller.get("/en" + _url(order), **HTML).content.decode()

    assert "Xác nhận đơn hàng" in vi and "Phiếu giao hàng" in vi
    assert "Confirm the order" in en and "Packing slip" in en
