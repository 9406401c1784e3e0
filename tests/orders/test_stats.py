"""Trade figures of buying (issue 13 item 9, D140): moderators' orders and GMV by month,
province, category and storefront type, their export, and a storefront's own figures."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from catalog.models import Category
from orders.models import Order, OrderStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db

STATS = "/api/v1/stats/"
EXPORT = "/api/v1/stats/orders/export/"


@pytest.fixture
def orders(buyer_client, product, terms, tea, other_terms):
    """Two orders in one checkout (one per storefront) and a third, cancelled."""
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(
            lines=[{"product": product.slug, "quantity": 2}, {"product": tea.slug, "quantity": 1}]
        ),
        format="json",
    )
    assert r.status_code == 201, r.content
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": tea.slug, "quantity": 3}]),
        format="json",
    )
    cancelled = Order.objects.get(number=r.json()["orders"][0]["number"])
    Order.objects.filter(pk=cancelled.pk).update(status=OrderStatus.CANCELLED)
    return list(Order.objects.exclude(pk=cancelled.pk).select_related("vendor"))


def test_moderators_see_orders_and_gmv_by_month_province_category_type(
    moderator_client, api_client, orders
):
    body = moderator_client.get(STATS).json()
    figures = body["moderation"]["orders"]
    gmv = sum(o.total for o in orders)
    assert figures["orders"] == 2
    assert figures["gmv"] == gmv
    month = orders[0].placed_at.astimezone().strftime("%Y-%m")
    assert figures["by_month"] == [{"month": month, "orders": 2, "gmv": gmv}]
    assert sum(row["gmv"] for row in figures["by_province"]) == gmv
    assert {row["kind"] for row in figures["by_storefront_type"]} == {o.vendor.kind for o in orders}
    assert sum(row["gmv"] for row in figures["by_storefront_type"]) == gmv
    # By category: the goods (lines), not the shipping.
    assert sum(row["gmv"] for row in figures["by_category"]) == sum(o.subtotal for o in orders)
    assert all(row["slug"] and row["name"] for row in figures["by_category"])
    # Nothing of it is public (D140).
    assert "orders" not in api_client.get(STATS).json()
    assert "moderation" not in api_client.get(STATS).json()


def test_query_count_is_the_same_for_few_and_many_orders(
    moderator_client, buyer_client, product, terms, settings
):
    settings.STATS_CACHE_SECONDS = 0
    counts = []
    for _ in range(2):
        for _ in range(3):
            buyer_client.post(
                "/api/v1/checkout/",
                checkout_body(lines=[{"product": product.slug, "quantity": 1}]),
                format="json",
            )
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(STATS).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_export_csv_and_xlsx_for_moderators_only(
    moderator_client, buyer_client, vendor_client, api_client, orders
):
    r = moderator_client.get(EXPORT, {"file": "csv"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["dimension", "key", "name", "orders", "gmv_vnd"]
    assert rows[1] == ["total", "", "", "2", str(sum(o.total for o in orders))]
    assert {row[0] for row in rows[1:]} == {
        "total",
        "month",
        "province",
        "category",
        "storefront_type",
    }
    r = moderator_client.get(EXPORT, {"file": "xlsx"})
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in sheet[2]] == ["total", None, None, 2, sum(o.total for o in orders)]
    bad = moderator_client.get(EXPORT, {"file": "pdf"})
    assert bad.status_code == 400
    assert "file" in bad.json()["errors"]
    assert buyer_client.get(EXPORT).status_code == 403
    assert vendor_client.get(EXPORT).status_code == 403
    assert api_client.get(EXPORT).status_code == 401


def test_export_neutralises_formulas(moderator_client, orders, product):
    root = product.category.path.split("/", 1)[0]
    Category.objects.filter(slug=root, parent__isnull=True).update(name="=HYPERLINK(1)")
    rows = list(csv.reader(io.StringIO(moderator_client.get(EXPORT).content.decode("utf-8-sig"))))
    names = [row[2] for row in rows if row[0] == "category"]
    assert "'=HYPERLINK(1)" in names


def test_a_storefront_sees_its_own_figures(vendor_client, other_vendor_client, vendor, orders):
    mine = [o for o in orders if o.vendor_id == vendor.pk]
    r = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/stats/")
    assert r.status_code == 200
    body = r.json()
    assert body["storefront"] == vendor.slug
    assert body["orders"] == len(mine) == 1
    assert body["gmv"] == mine[0].total
    assert body["by_month"][0]["gmv"] == mine[0].total
    assert body["by_status"] == {"placed": 1}
    # Another storefront's members, a buyer, anonymous: refused.
    assert other_vendor_client.get(f"/api/v1/vendors/{vendor.slug}/stats/").status_code == 403
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/vendors/{vendor.slug}/stats/").status_code == 403
    assert client_for().get(f"/api/v1/vendors/{vendor.slug}/stats/").status_code == 401
    assert vendor_client.get("/api/v1/vendors/nope/stats/").status_code == 404
