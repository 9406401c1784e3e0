"""A storefront downloads its orders (issue 13 item 5, D163): CSV streamed and XLSX, one row
per order line, Vietnamese headers, local times, filtered by status and dates; only its own
orders (another storefront, a buyer, anonymous: refused); bounded by ORDER_EXPORT_MAX_ROWS."""

import csv
import datetime as dt
import io

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from orders.exports import HEADERS
from orders.models import Order, OrderStatus
from tests.conftest import client_for
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(buyer_client, vendor, product, terms):
    rice = ProductFactory(vendor=vendor, slug="gao-tam", name="=Gạo tám", price=30000)
    placed = []
    for lines in (
        [{"product": product.slug, "quantity": 2}, {"product": rice.slug, "quantity": 3}],
        [{"product": product.slug, "quantity": 1}],
    ):
        r = buyer_client.post("/api/v1/checkout/", checkout_body(lines=lines), format="json")
        assert r.status_code == 201, r.content
        placed.append(Order.objects.get(number=r.json()["orders"][0]["number"]))
    return placed


def _url(vendor, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/vendors/{vendor.slug}/orders/export/" + (f"?{query}" if query else "")


def _csv(response):
    assert isinstance(response, StreamingHttpResponse)  # streamed, never built whole
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_member_downloads_csv_one_row_per_line(orders, vendor_client, vendor, product):
    r = vendor_client.get(_url(vendor))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    assert r["Content-Disposition"].startswith(f'attachment; filename="don-hang-{vendor.slug}-')
    rows = _csv(r)
    assert rows[0] == list(HEADERS) and rows[0][:3] == ["Số đơn", "Đặt lúc", "Trạng thái"]
    body = rows[1:]
    assert [row[0] for row in body] == [orders[0].number, orders[0].number, orders[1].number]
    first = dict(zip(HEADERS, body[0], strict=True))
    # Labels in Vietnamese, whatever the request's language.
    assert first["Trạng thái"] == "Đã đặt"
    assert first["Phương thức thanh toán"] == "Thanh toán khi nhận hàng (COD)"
    assert first["Người nhận"] == "Lê Văn Mua"
    assert first["Tỉnh/Thành phố"]
    names = {row[HEADERS.index("Sản phẩm")] for row in body}
    assert "'=Gạo tám" in names  # a formula made inert (D108)
    # Local time (Asia/Ho_Chi_Minh): what the order's placed_at reads there.
    local = orders[0].placed_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert first["Đặt lúc"] == local.strftime("%Y-%m-%d %H:%M")
    assert int(first["Tổng đơn (₫)"]) == orders[0].total


def test_filters_by_status_and_dates(orders, vendor_client, vendor):
    Order.objects.filter(pk=orders[1].pk).update(status=OrderStatus.CONFIRMED)
    rows = _csv(vendor_client.get(_url(vendor, status="confirmed")))[1:]
    assert {row[0] for row in rows} == {orders[1].number}
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    tomorrow = today + dt.timedelta(days=1)
    assert len(_csv(vendor_client.get(_url(vendor, placed_from=today, placed_to=today)))) == 4
    assert len(_csv(vendor_client.get(_url(vendor, placed_from=tomorrow)))) == 1  # headers only


def test_xlsx(orders, vendor_client, vendor):
    r = vendor_client.get(_url(vendor, file="xlsx"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = list(sheet.values)
    assert values[0] == HEADERS and len(values) == 4
    assert values[1][HEADERS.index("Số lượng")] in (2, 3)


def test_only_the_storefronts_own_people(orders, vendor, other_vendor_client, buyer_client):
    assert other_vendor_client.get(_url(vendor)).status_code == 404
    assert buyer_client.get(_url(vendor)).status_code == 404
    assert client_for().get(_url(vendor)).status_code == 401
    staff = UserFactory()
    MembershipFactory(vendor=vendor, user=staff)
    assert len(_csv(client_for(staff).get(_url(vendor)))) == 4


def test_another_storefronts_export_holds_none_of_these_orders(
    orders, other_vendor, other_vendor_client
):
    assert _csv(other_vendor_client.get(_url(other_vendor))) == [list(HEADERS)]


def test_bad_parameters_are_400(orders, vendor_client, vendor):
    for params in ({"file": "pdf"}, {"status": "lost"}, {"placed_from": "yesterday"}, {"x": 1}):
        r = vendor_client.get(_url(vendor, **params))
        assert r.status_code == 400, (params, r.content)
        assert r.json()["errors"]


def test_bounded_by_the_setting(orders, vendor_client, vendor, settings):
    settings.ORDER_EXPORT_MAX_ROWS = 2
    r = vendor_client.get(_url(vendor))
    assert r.status_code == 400
    assert r.json()["type"].endswith(":export_too_large")
    assert (
        vendor_client.get(_url(vendor, status="placed", placed_from="2000-01-01")).status_code
        == 400
    )
    Order.objects.filter(pk=orders[0].pk).update(status=OrderStatus.CONFIRMED)
    assert len(_csv(vendor_client.get(_url(vendor, status="confirmed")))) == 3
