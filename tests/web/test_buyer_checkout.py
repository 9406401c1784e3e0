"""A buyer's cart, checkout and payment pages (issue 16, buyer16): what the person sees, the
rows written, and every refusal with the API's status."""

from __future__ import annotations

import base64
import io
import re

import pytest
import zxingcpp
from PIL import Image

from marketplace.models import Commune
from orders.models import CartItem, Order, PaymentStatus, ProductStock
from orders.services import vnpay
from orders.services.carts import cart_add
from orders.services.vietqr import tlv_parse
from tests.factories import ProductFactory, UserFactory, sales_terms

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}
SECRET = "SECRETKEYFORTESTS0123456789ABCDEF"
ADDRESS = {
    "recipient_name": "Lê Văn Mua",
    "phone": "0912 345 678",
    "province": "25",
    "commune": "7900",
    "street": "Số 12, đường Hùng Vương",
}


@pytest.fixture
def terms(vendor):
    return sales_terms(vendor)


@pytest.fixture
def signed_in(client, buyer):
    client.force_login(buyer)
    return client


def _once(client) -> str:
    html = client.get("/thanh-toan/", **HTML).content.decode()
    return re.search(r'name="once" value="([0-9a-f]{32})"', html).group(1)


def _checkout(client, vendor, method="bank_transfer", **extra):
    body = {**ADDRESS, f"pay__{vendor.slug}": method, "once": _once(client), **extra}
    return client.post("/thanh-toan/", body, **HTML)


def test_cart_groups_lines_by_storefront_with_shipping_and_changes(
    signed_in, buyer, product, terms
):
    cart_add(buyer=buyer, product_slug=product.slug, quantity=2)
    product.price = 50000
    product.save()

    response = signed_in.get("/gio-hang/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert "HTX Mì gạo Hùng Lô" in html and "Mì gạo Hùng Lô" in html
    assert "Giá đã thay đổi" in html and "trước đây 45.000 ₫" in html
    assert "30.000 ₫" in html  # the storefront's shipping
    assert "130.000 ₫" in html  # 2 × 50.000 + 30.000
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]


def test_cart_change_and_remove_go_through_the_services(signed_in, buyer, product, terms):
    item = cart_add(buyer=buyer, product_slug=product.slug, quantity=2)

    changed = signed_in.post(f"/gio-hang/{item.pk}/", {"quantity": "5"})
    assert changed.status_code == 302
    assert CartItem.objects.get(pk=item.pk).quantity == 5

    refused = signed_in.post(f"/gio-hang/{item.pk}/", {"quantity": "0"}, **HTML)
    assert refused.status_code == 400
    assert 'id="err-' in refused.content.decode()

    other = UserFactory()
    theirs = cart_add(buyer=other, product_slug=product.slug, quantity=1)
    assert signed_in.post(f"/gio-hang/{theirs.pk}/xoa/").status_code == 404
    assert CartItem.objects.filter(pk=theirs.pk).exists()

    removed = signed_in.post(f"/gio-hang/{item.pk}/xoa/")
    assert removed.status_code == 302
    assert not CartItem.objects.filter(pk=item.pk).exists()


def test_checkout_with_bank_transfer_shows_a_vietqr_a_real_reader_decodes(
    signed_in, buyer, product, terms
):
    cart_add(buyer=buyer, product_slug=product.slug, quantity=2)

    response = _checkout(signed_in, product.vendor)

    assert response.status_code == 302, response.content.decode()[:3000]
    order = Order.objects.get(buyer=buyer)
    assert response["Location"] == f"/thanh-toan/xong/{order.checkout_id}/"
    assert order.payment_method == "bank_transfer" and order.total == 120000
    assert not CartItem.objects.filter(buyer=buyer).exists()
    page = signed_in.get(response["Location"], **HTML)
    html = page.content.decode()
    assert page.status_code == 200
    assert order.number in html and "120.000 ₫" in html and "0011004123456" in html
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    payload = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))[0].text
    fields = tlv_parse(payload)
    assert fields["54"] == "120000"
    assert tlv_parse(fields["62"])["08"] == order.number


def test_a_double_submit_places_the_orders_once(signed_in, buyer, product, terms):
    cart_add(buyer=buyer, product_slug=product.slug, quantity=2)
    body = {**ADDRESS, f"pay__{product.vendor.slug}": "cod", "once": _once(signed_in)}

    first = signed_in.post("/thanh-toan/", body)
    second = signed_in.post("/thanh-toan/", body)  # the cart is empty now
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)  # …or filled again
    third = signed_in.post("/thanh-toan/", body)

    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    assert first["Location"].startswith("/thanh-toan/xong/")
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_checkout_refusals_carry_the_apis_status_and_message(signed_in, buyer, product, terms):
    item = cart_add(buyer=buyer, product_slug=product.slug, quantity=3)
    ProductStock.objects.create(product=product, quantity=2)

    out_of_stock = _checkout(signed_in, product.vendor)
    assert out_of_stock.status_code == 409
    assert 'name="recipient_name"' in out_of_stock.content.decode()  # the form, filled again

    ProductStock.objects.filter(product=product).delete()
    elsewhere = Commune.objects.exclude(province_id=25).first()
    wrong_commune = _checkout(signed_in, product.vendor, commune=str(elsewhere.code))
    assert wrong_commune.status_code == 400
    assert "Xã, phường này không thuộc tỉnh đó" in wrong_commune.content.decode() or (
        "không thuộc" in wrong_commune.content.decode()
    )

    product.min_order_quantity = 10
    product.save()
    below_minimum = _checkout(signed_in, product.vendor)
    assert below_minimum.status_code == 400

    product.min_order_quantity = 1
    product.save()
    refused_method = _checkout(signed_in, product.vendor, method="vnpay")
    assert refused_method.status_code == 400
    assert Order.objects.count() == 0 and CartItem.objects.filter(pk=item.pk).exists()


def test_checkout_without_javascript_lists_the_chosen_provinces_communes(
    signed_in, buyer, product, terms
):
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)

    step = signed_in.post("/thanh-toan/", {"province": "25", "communes": "1"}, **HTML)

    html = step.content.decode()
    communes = re.search(r'<select name="commune".*?</select>', html, re.S).group(0)
    assert step.status_code == 200
    assert 'value="7900"' in communes
    other = Commune.objects.exclude(province_id=25).first()
    assert f'value="{other.code}"' not in communes
    assert Order.objects.count() == 0


def test_another_persons_checkout_page_is_a_404(signed_in, client, buyer, product, terms):
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)
    location = _checkout(signed_in, product.vendor, method="cod")["Location"]

    client.force_login(UserFactory())
    assert client.get(location, **HTML).status_code == 404


@pytest.fixture
def gateway(settings):
    settings.VNPAY_TMN_CODE = "GTTEST01"
    settings.VNPAY_HASH_SECRET = SECRET


def _return_params(order, code="00"):
    params = {
        "vnp_Amount": str(order.total * 100),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": "GTTEST01",
        "vnp_TransactionNo": "14123456",
        "vnp_TransactionStatus": code,
        "vnp_TxnRef": order.number,
    }
    return params | {"vnp_SecureHash": vnpay.sign(params, SECRET)}


def test_vnpay_checkout_links_to_the_gateway_and_the_return_page_shows_what_the_ipn_recorded(
    gateway, signed_in, buyer, product, terms
):
    terms.accepts_vnpay = True
    terms.save()
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)
    done = signed_in.get(_checkout(signed_in, product.vendor, method="vnpay")["Location"], **HTML)
    assert "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?" in done.content.decode()
    order = Order.objects.get(buyer=buyer)

    # The query says "00" but no IPN came: the page says not confirmed, and nothing is paid.
    back = signed_in.get("/thanh-toan/vnpay/", _return_params(order), **HTML)
    assert back.status_code == 200
    assert "VNPay chưa xác nhận" in back.content.decode()
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.PENDING

    order.payment.status = PaymentStatus.PAID
    order.payment.save()
    assert (
        "VNPay đã xác nhận"
        in signed_in.get("/thanh-toan/vnpay/", _return_params(order), **HTML).content.decode()
    )

    forged = _return_params(order) | {"vnp_Amount": "100"}
    assert signed_in.get("/thanh-toan/vnpay/", forged, **HTML).status_code == 400


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(signed_in):
    assert signed_in.get("/thanh-toan/", **HTML)["Location"] == "/gio-hang/"


def test_two_storefronts_each_get_their_own_method(signed_in, buyer, product, terms, other_vendor):
    tea = ProductFactory(vendor=other_vendor, slug="che-thanh-ba", name="Chè Thanh Ba", price=1000)
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)
    cart_add(buyer=buyer, product_slug=tea.slug, quantity=1)

    response = _checkout(signed_in, product.vendor, **{f"pay__{other_vendor.slug}": "cod"})

    assert response.status_code == 302
    methods = dict(Order.objects.values_list("vendor__slug", "payment_method"))
    assert methods == {product.vendor.slug: "bank_transfer", other_vendor.slug: "cod"}


def test_pages_read_a_bounded_number_of_queries(
    signed_in, buyer, product, terms, django_assert_max_num_queries
):
    for i in range(4):
        more = ProductFactory(vendor=product.vendor, slug=f"mi-them-{i}")
        cart_add(buyer=buyer, product_slug=more.slug, quantity=1)
    with django_assert_max_num_queries(6):
        assert signed_in.get("/gio-hang/", **HTML).status_code == 200
    with django_assert_max_num_queries(10):
        assert signed_in.get("/thanh-toan/", **HTML).status_code == 200
    location = _checkout(signed_in, product.vendor)["Location"]
    with django_assert_max_num_queries(8):
        assert signed_in.get(location, **HTML).status_code == 200
