"""Payments: the VietQR payload (decoded, CRC checked), VNPay's signed URL and IPN (forged,
replayed, wrong amount, unknown order), expiry of unpaid online orders."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from core.models import AuditLog
from orders.models import Order, OrderStatus, PaymentStatus, ProductStock, StorefrontSales
from orders.services import vnpay
from orders.services.gateway import payment_expire_due
from orders.services.vietqr import crc16_ccitt_false, tlv_parse, vietqr_payload
from orders.tasks import payment_expire_due_task
from tests.orders.conftest import checkout_body

SECRET = "SECRETKEYFORTESTS0123456789ABCDEF"


# --- VietQR --------------------------------------------------------------------------------


def test_crc16_ccitt_false_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740).
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_vietqr_payload_decodes_to_the_order():
    payload = vietqr_payload(
        bank_bin="970436", account="0011004123456", amount=165000, reference="GT-2612-000123"
    )
    top = tlv_parse(payload)
    assert list(top) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert (top["00"], top["01"], top["53"], top["54"], top["58"]) == (
        "01",
        "12",
        "704",
        "165000",
        "VN",
    )
    merchant = tlv_parse(top["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert tlv_parse(merchant["01"]) == {"00": "970436", "01": "0011004123456"}
    assert tlv_parse(top["62"]) == {"08": "GT-2612-000123"}
    body, crc = payload[:-4], payload[-4:]
    assert body.endswith("6304")
    assert crc == f"{crc16_ccitt_false(body.encode()):04X}"


# --- VNPay ---------------------------------------------------------------------------------


@pytest.fixture
def vnpay_on(settings, terms):
    settings.VNPAY_TMN_CODE = "GTTEST01"
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    StorefrontSales.objects.filter(pk=terms.pk).update(accepts_vnpay=True)


@pytest.fixture
def vnpay_order(vnpay_on, buyer_client, product):
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}], payment_method="vnpay"),
        format="json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert r.status_code == 201, r.content
    data = r.json()["orders"][0]
    return Order.objects.get(number=data["number"]), data


def test_signature_vector():
    # Computed independently: HMAC-SHA512 over the sorted, quote_plus-encoded query.
    import hashlib
    import hmac

    params = {
        "vnp_Amount": "1000000",
        "vnp_TxnRef": "GT-2612-000001",
        "vnp_OrderInfo": "Don hang 1",
    }
    data = "vnp_Amount=1000000&vnp_OrderInfo=Don+hang+1&vnp_TxnRef=GT-2612-000001"
    assert vnpay.signed_data(params) == data
    expected = hmac.new(SECRET.encode(), data.encode(), hashlib.sha512).hexdigest()
    assert vnpay.sign(params, SECRET) == expected
    assert vnpay.signature_valid({**params, "vnp_SecureHash": expected.upper()}, SECRET)
    assert not vnpay.signature_valid(
        {**params, "vnp_Amount": "1", "vnp_SecureHash": expected}, SECRET
    )


@pytest.mark.django_db
def test_checkout_answers_a_signed_payment_url(vnpay_order):
    order, data = vnpay_order
    url = data["payment"]["vnpay_url"]
    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}"
        == "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    )
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == "GTTEST01"
    assert params["vnp_Amount"] == str(order.total * 100)
    assert params["vnp_TxnRef"] == order.number
    assert params["vnp_IpAddr"] == "203.0.113.9"
    assert params["vnp_ReturnUrl"].endswith("/thanh-toan/vnpay/")  # the site's page (D226)
    assert vnpay.signature_valid(params, SECRET)
    assert data["payment"]["expires_at"]


def _gateway(order, *, amount=None, code="00", secret=SECRET, txn="14123456", **extra):
    """Parameters as VNPay sends them to the IPN and the return URL, signed as it signs."""
    params = {
        "vnp_Amount": str((order.total if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14123456",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Thanh toan don hang {order.number}",
        "vnp_PayDate": "20261206153000",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": "GTTEST01",
        "vnp_TransactionNo": txn,
        "vnp_TransactionStatus": code,
        "vnp_TxnRef": order.number,
        **extra,
    }
    params["vnp_SecureHashType"] = "HmacSHA512"
    params["vnp_SecureHash"] = vnpay.sign(params, secret)
    return params


IPN = "/api/v1/payments/vnpay/ipn/"


@pytest.mark.django_db
def test_ipn_records_the_payment_once(vnpay_order, api_client, buyer_client):
    order, _data = vnpay_order
    r = api_client.get(IPN, _gateway(order))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert r.json() == {"RspCode": "00", "Message": "Confirm Success"}
    order.payment.refresh_from_db()
    assert (order.payment.status, order.payment.gateway_reference) == ("paid", "14123456")
    assert (
        AuditLog.objects.filter(
            action="orders.payment.paid", target_id=str(order.payment.pk)
        ).count()
        == 1
    )
    # Replayed: already confirmed, nothing changes.
    assert api_client.get(IPN, _gateway(order)).json()["RspCode"] == "02"
    assert AuditLog.objects.filter(action="orders.payment.paid").count() == 1
    detail = buyer_client.get(f"/api/v1/orders/{order.number}/").json()
    assert detail["payment"]["status"] == "paid" and "vnpay_url" not in detail["payment"]


@pytest.mark.django_db
def test_ipn_refuses_forged_wrong_amount_unknown_order(vnpay_order, api_client):
    order, _data = vnpay_order
    forged = _gateway(order, secret="not-the-secret")
    assert api_client.get(IPN, forged).json() == {"RspCode": "97", "Message": "Invalid signature"}
    tampered = _gateway(order)
    tampered["vnp_Amount"] = "100"
    assert api_client.get(IPN, tampered).json()["RspCode"] == "97"
    assert api_client.get(IPN, _gateway(order, amount=order.total - 1)).json()["RspCode"] == "04"
    unknown = _gateway(order)
    unknown["vnp_TxnRef"] = "GT-2612-999999"
    del unknown["vnp_SecureHash"]
    unknown["vnp_SecureHash"] = vnpay.sign(unknown, SECRET)
    assert api_client.get(IPN, unknown).json()["RspCode"] == "01"
    assert api_client.get(IPN, {}).json()["RspCode"] == "97"
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_ipn_failure_cancels_the_order_and_returns_stock(
    vnpay_on, buyer_client, product, api_client
):
    ProductStock.objects.create(product=product, quantity=5)
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}], payment_method="vnpay"),
        format="json",
    )
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    assert ProductStock.objects.get().quantity == 3
    assert api_client.get(IPN, _gateway(order, code="24")).json()["RspCode"] == "00"
    order.refresh_from_db()
    assert (order.status, order.payment.status) == ("cancelled", "failed")
    assert ProductStock.objects.get().quantity == 5


@pytest.mark.django_db
def test_return_url_shows_the_result_without_recording_it(vnpay_order, api_client):
    order, _data = vnpay_order
    r = api_client.get("/api/v1/payments/vnpay/return/", _gateway(order))
    assert r.json() == {"order": order.number, "succeeded": True, "payment_status": "pending"}
    assert (
        api_client.get("/api/v1/payments/vnpay/return/", _gateway(order, secret="x")).status_code
        == 400
    )


@pytest.mark.django_db
def test_unpaid_online_orders_expire_and_return_stock(vnpay_order, product, settings):
    order, _data = vnpay_order
    ProductStock.objects.create(product=product, quantity=0)  # counted from now on
    assert payment_expire_due() == 0
    later = timezone.now() + dt.timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES + 1)
    assert payment_expire_due(later) == 1
    order.refresh_from_db()
    assert (order.status, order.payment.status) == (OrderStatus.CANCELLED, PaymentStatus.EXPIRED)
    assert ProductStock.objects.get().quantity == 2
    assert payment_expire_due(later) == 0
    assert payment_expire_due_task.name == "orders.tasks.payment_expire_due_task"
    assert "orders-payments-expire" in settings.CELERY_BEAT_SCHEDULE
