"""The trace page of a lot (issue 15, D203): the QR's URLs render the site's page for browsers
(layout, origin, dates, journey, certificates, producer, recall banner) and keep JSON for
clients that ask for it."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import CertificateFactory
from tests.traceability.test_lots import LOTS, add_event, lot_body, published

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


@pytest.fixture
def lot(vendor_client, product):
    product.gtin = "8930000000019"
    product.save()
    CertificateFactory(product=product, stars=4)
    draft = vendor_client.post(LOTS, lot_body(), format="json").json()
    add_event(vendor_client)
    return {**draft, **published(vendor_client)}


def test_short_url_renders_the_sites_trace_page(client, lot, product):
    response = client.get(f"/t/{lot['public_code']}", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/web/site.css">' in html  # the site's layout
    assert f"<h1>{product.name}</h1>" in html
    assert "Lô hàng <strong>L2026-001</strong>" in html  # "Lot" as traceability words it
    assert "Làng nghề Hùng Lô" in html
    assert "Thu hoạch lúa Khang Dân" in html and "Cánh đồng Hùng Lô" in html
    assert "OCOP 4★" in html
    assert "HTX Mì gạo Hùng Lô" in html
    assert f'<link rel="canonical" href="{lot["short_url"]}">' in html
    assert 'class="recall"' not in html
    assert response["Link"] == f'<{lot["short_url"]}>; rel="canonical"'


def test_digital_link_renders_the_same_page_and_json_stays_for_clients(client, lot, product):
    page = client.get("/01/08930000000019/10/L2026-001", **HTML)
    data = client.get("/01/08930000000019/10/L2026-001", HTTP_ACCEPT="application/json")

    assert page.status_code == 200
    assert f"<h1>{product.name}</h1>" in page.content.decode()
    assert data.status_code == 200
    assert data["Content-Type"] == "application/json"
    assert data.json()["public_code"] == lot["public_code"]


def test_a_recalled_lot_shows_the_banner_first_in_english_when_asked(client, lot, moderator):
    client_for(moderator).post(
        f"{LOTS}L2026-001/recall/", {"reason": "Phát hiện nấm mốc"}, format="json"
    )

    html = client.get(
        f"/t/{lot['public_code']}", HTTP_ACCEPT_LANGUAGE="en", **HTML
    ).content.decode()

    assert html.index('class="recall"') < html.index("<h1>")
    assert "This lot has been recalled" in html and "Phát hiện nấm mốc" in html
    assert '<html lang="en">' in html


def test_a_draft_lot_is_404(client, vendor_client, product):
    draft = vendor_client.post(LOTS, lot_body(code="L-NHAP"), format="json").json()

    assert client.get(f"/t/{draft['public_code']}", **HTML).status_code == 404
