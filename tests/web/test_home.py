"""The site's layout and home page, read as a browser or a crawler gets them (no JavaScript)."""

import re

import pytest

from tests.factories import CertificateFactory, ProductFactory
from tests.factories.fairs import FairFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


def _h2(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", html)


def test_home_is_vietnamese_at_the_root_whatever_the_browser_asks(client):
    five = CertificateFactory(stars=5, product__name="Chè Phú Thọ năm sao").product
    CertificateFactory(stars=3, product__name="Mì gạo ba sao")
    ProductFactory(name="Không có OCOP")
    FairFactory(name="Hội chợ OCOP mùa thu")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in html
    assert _h2(html)[:3] == ["Sản phẩm OCOP tiêu biểu", "Danh mục", "Hội chợ sắp diễn ra"]
    cards = re.findall(r"<h3>(.*?)</h3>", html)
    assert cards == [five.name, "Mì gạo ba sao"]  # OCOP only, five stars first
    assert "Không có OCOP" not in html
    assert "Hội chợ OCOP mùa thu" in html


def test_english_lives_under_en_with_hreflang_both_ways(client):
    response = client.get("/en/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert _h2(html)[0] == "Featured OCOP products"
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in html
    assert '<link rel="canonical" href="http://testserver/en/">' in html
    # The language switch names Vietnamese in Vietnamese.
    switch = re.search(r'<nav aria-label="Language".*?</nav>', html, re.S)
    assert switch, html
    assert re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', switch[0]) == [
        ("http://testserver/", "Tiếng Việt")
    ]


def test_the_api_still_follows_accept_language(client):
    response = client.get("/api/v1/products/?nope=1", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert response.json()["type"].endswith(":unknown_parameter")
    assert response.json()["detail"].startswith("Unknown query parameters: nope.")


def test_a_missing_page_is_a_page_for_browsers_and_json_for_clients(client, settings):
    settings.DEBUG = False

    page = client.get("/khong-co-trang-nay/", **HTML)
    api = client.get("/api/v1/khong-co/", **HTML)
    plain = client.get("/khong-co-trang-nay/")

    assert page.status_code == api.status_code == plain.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert "<h1>Không tìm thấy trang nào</h1>" in page.content.decode()
    assert api.json()["status"] == 404
    assert plain.json()["status"] == 404
