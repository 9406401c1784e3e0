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


def test_a_recalled_lot_shows_the_banner_first_in_english_at_en(client, lot, moderator):
    client_for(moderator).post(
        f"{LOTS}L2026-001/recall/", {"reason": "Phát hiện nấm mốc"}, format="json"
    )

    html = client.get(f"/en/t/{lot['public_code']}", **HTML).content.decode()

    assert html.index('class="recall"') < html.index("<h1>")
    assert "This lot has been recalled" in html and "Phát hiện nấm mốc" in html
    assert '<html lang="en">' in html


def test_the_trace_page_has_a_vietnamese_and_an_english_url_like_every_page(client, lot):
    """The site's rule (D222): Vietnamese at /t/…, English at /en/t/… (and /en/01/…), whatever
    the phone's Accept-Language; hreflang both ways and the switch; the Digital Link's page
    names the short URL of its language as canonical. JSON keeps following the header."""
    code = lot["public_code"]
    short = f"http://testserver/t/{code}"
    english = f"http://testserver/en/t/{code}"

    vi = client.get(f"/t/{code}", HTTP_ACCEPT_LANGUAGE="en", **HTML).content.decode()
    en = client.get("/en/01/08930000000019/10/L2026-001", **HTML).content.decode()
    data = client.get(f"/t/{code}", HTTP_ACCEPT_LANGUAGE="en", HTTP_ACCEPT="application/json")

    assert '<html lang="vi">' in vi and "Hành trình" in vi
    assert f'<link rel="canonical" href="{short}">' in vi
    for html in (vi, en):
        assert f'<link rel="alternate" hreflang="vi" href="{short}">' in html
        assert f'<link rel="alternate" hreflang="en" href="{english}">' in html
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in vi
    assert '<html lang="en">' in en and "Journey" in en
    assert f'<link rel="canonical" href="{english}">' in en
    assert f'<a href="{short}" hreflang="vi" lang="vi">Tiếng Việt</a>' in en
    assert data["Content-Type"] == "application/json"
    assert data.json()["events"][0]["kind_display"] == "Harvest"


@pytest.mark.parametrize(
    "url", ["/t/KHONGCO", "/t/KHONGCO/3", "/01/08930000000019/10/KHONG-CO", "/en/t/KHONGCO"]
)
def test_an_unknown_lot_is_the_sites_404_page_for_people_and_json_for_clients(client, url):
    page = client.get(url, **HTML)
    data = client.get(url, HTTP_ACCEPT="application/json")

    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/web/site.css">' in page.content.decode()
    assert data.status_code == 404
    assert data["Content-Type"].startswith("application/problem+json") or data[
        "Content-Type"
    ].startswith("application/json")
    assert data.json()["status"] == 404


def test_a_draft_lot_is_404(client, vendor_client, product):
    draft = vendor_client.post(LOTS, lot_body(code="L-NHAP"), format="json").json()

    assert client.get(f"/t/{draft['public_code']}", **HTML).status_code == 404
