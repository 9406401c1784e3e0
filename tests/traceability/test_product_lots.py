"""A product's detail lists its published lots with their trace URLs (issue 14 item 7, D166),
through catalog's product-detail sections, which traceability fills (catalog imports nothing
of it)."""

from __future__ import annotations

import pytest

from tests.traceability.test_lots import LOTS, lot_body, published

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/products/mi-gao-hung-lo/"


def test_detail_lists_published_and_recalled_lots_not_drafts(
    vendor_client, api_client, product, settings
):
    settings.SITE_URL = "https://giaothuong.example"
    assert api_client.get(DETAIL).json()["lots"] == []
    first = vendor_client.post(LOTS, lot_body(), format="json").json()
    vendor_client.post(LOTS, lot_body(code="L2026-002"), format="json")  # stays a draft
    assert api_client.get(DETAIL).json()["lots"] == []
    published(vendor_client)
    [lot] = api_client.get(DETAIL).json()["lots"]
    assert lot["code"] == "L2026-001"
    assert lot["status"] == "published"
    assert lot["recall"] is None
    assert lot["produced_on"] == first["produced_on"]
    assert lot["trace_url"] == f"https://giaothuong.example/t/{first['public_code']}"
    assert lot["short_url"] == f"https://giaothuong.example/t/{first['public_code']}"
    # The trace URL resolves for anyone.
    assert api_client.get(f"/api/v1/trace/{first['public_code']}/").status_code == 200

    recalled = vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "Sai nhãn"}, format="json")
    assert recalled.status_code == 200
    [lot] = api_client.get(DETAIL).json()["lots"]
    assert lot["status"] == "recalled"
    assert lot["recall"]["reason"] == "Sai nhãn"


def test_detail_with_a_gtin_lists_the_digital_link(vendor_client, api_client, product, settings):
    settings.SITE_URL = "https://giaothuong.example"
    product.gtin = "8935049500018"
    product.save(update_fields=["gtin"])
    vendor_client.post(LOTS, lot_body(), format="json")
    published(vendor_client)
    [lot] = api_client.get(DETAIL).json()["lots"]
    assert lot["trace_url"] == "https://giaothuong.example/01/08935049500018/10/L2026-001"


def test_openapi_documents_the_lots_of_a_product(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    detail = schema["components"]["schemas"]["ProductDetail"]["properties"]
    assert detail["lots"]["type"] == "array"
    assert detail["lots"]["readOnly"] is True
    item = schema["components"]["schemas"]["ProductLot"]["properties"]
    assert {"code", "trace_url", "status", "recall", "produced_on"} <= set(item)


def test_the_public_product_page_lists_the_lots_recalled_in_red(vendor_client, client, product):
    vendor_client.post(LOTS, lot_body(), format="json")
    vendor_client.post(LOTS, lot_body(code="L2026-002"), format="json")  # stays a draft
    published(vendor_client)
    vendor_client.post(f"{LOTS}L2026-001/recall/", {"reason": "Sai nhãn"}, format="json")

    page = client.get("/san-pham/mi-gao-hung-lo/", HTTP_ACCEPT="text/html").content.decode()

    section = page.split('<section aria-labelledby="lots-h">', 1)[1].split("</section>", 1)[0]
    assert "Lô L2026-001" in section
    assert "L2026-002" not in section
    assert '<li class="recalled">' in section
    assert "Sai nhãn" in section
