"""The home page in Chromium: it renders, switches language, and passes axe-core."""

import pytest

from tests.factories import CertificateFactory
from tests.factories.fairs import FairFactory

pytestmark = pytest.mark.browser


def test_home_in_a_browser_switches_to_english_and_is_accessible(page, live_server):
    CertificateFactory(stars=5, product__name="Chè xanh Long Cốc")
    FairFactory(name="Hội chợ OCOP Đất Tổ")

    page.open(live_server.url + "/")

    assert page.find("html").get_attribute("lang") == "vi"
    assert page.text("h1") == "Sàn giao thương"
    assert "Chè xanh Long Cốc" in page.text(".cards")
    assert "OCOP 5★" in page.text(".cards")
    assert "Hội chợ OCOP Đất Tổ" in page.text("main")
    assert page.no_horizontal_scroll(360)
    page.assert_accessible()
    shots = page.shoot("home")
    assert all(path.stat().st_size > 1000 for path in shots)

    page.follow(".languages a[hreflang='en']")

    assert page.driver.current_url == live_server.url + "/en/"
    assert page.find("html").get_attribute("lang") == "en"
    assert page.text("#featured-h") == "Featured OCOP products"
    page.assert_accessible()
