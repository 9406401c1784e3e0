"""The shop pages in Chromium: search without diacritics, open a product, switch its language,
a signed-in buyer puts it in the cart; axe-core on product, search, storefront and category
pages; screenshots at phone and desktop widths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from PIL import Image as PILImage

import search
from media.models import Rendition
from orders.models import CartItem
from tests.factories import CertificateFactory, ProductFactory, UserFactory, VendorFactory
from tests.web.helpers import picture

pytestmark = pytest.mark.browser


def _pictures_on_disk(colour: tuple[int, int, int], **owner) -> None:
    """A picture whose renditions exist as files, so the screenshots show it."""
    image = picture(**owner)
    for rendition in Rendition.objects.filter(image=image):
        out = io.BytesIO()
        PILImage.new("RGB", (rendition.width, rendition.height), colour).save(
            out, "WEBP" if rendition.format == "webp" else "JPEG"
        )
        path = Path(settings.MEDIA_ROOT) / rendition.file.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.getvalue())


def _shop():
    vendor = VendorFactory(
        slug="htx-mi-gao-hung-lo",
        display_name="HTX Mì gạo Hùng Lô",
        legal_name="Hợp tác xã Mì gạo Hùng Lô",
    )
    noodles = ProductFactory(
        vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô", price=45_000
    )
    CertificateFactory(product=noodles, stars=5)
    _pictures_on_disk((214, 196, 160), product=noodles)
    other = ProductFactory(vendor=vendor, slug="mi-gao-lut", name="Mì gạo lứt Lâm Thao")
    _pictures_on_disk((150, 110, 80), product=other)
    ProductFactory(
        vendor=vendor, slug="che-xanh", name="Chè xanh Long Cốc", price=None, price_on_request=True
    )
    _pictures_on_disk((11, 93, 59), vendor=vendor, kind="logo")
    search.backend().index_products([p.pk for p in vendor.products.all()])
    return vendor, noodles


def _sign_in(page, live_server, user) -> None:
    """A session for `user` in the browser's cookie jar (the sign-in page is another's work)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.open(live_server.url + "/")
    page.driver.add_cookie(
        {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "path": "/"}
    )


def test_search_open_switch_language_and_add_to_cart(page, live_server):
    _vendor, noodles = _shop()
    buyer = UserFactory(full_name="Trần Thị Lan")

    page.open(live_server.url + "/")
    box = page.find("#site-q")
    box.send_keys("mi gao")
    box.submit()

    assert page.driver.current_url.startswith(live_server.url + "/tim-kiem/?q=mi+gao")
    names = [h.text for h in page.find_all(".results .card h3")]
    assert names[:2] == ["Mì gạo Hùng Lô", "Mì gạo lứt Lâm Thao"]
    assert page.no_horizontal_scroll(360)
    page.assert_accessible()
    page.shoot("search")

    page.follow(".results .card a")

    assert page.driver.current_url == live_server.url + "/san-pham/mi-gao-hung-lo/"
    assert page.text("h1") == "Mì gạo Hùng Lô"
    assert "45.000 ₫" in page.text(".price-big")
    assert "Hợp tác xã Mì gạo Hùng Lô" in page.text(".seller-box")
    assert page.no_horizontal_scroll(360)
    page.assert_accessible()
    page.shoot("product")

    page.follow(".languages a[hreflang='en']")

    assert page.driver.current_url == live_server.url + "/en/san-pham/mi-gao-hung-lo/"
    assert page.find("html").get_attribute("lang") == "en"
    assert page.text("#seller-h") == "Seller"
    assert page.text(".actions") == "Sign in to buy"

    _sign_in(page, live_server, buyer)
    page.open(live_server.url + "/san-pham/mi-gao-hung-lo/")
    quantity = page.find("#cart-quantity")
    quantity.clear()
    quantity.send_keys("3")
    page.follow(".actions button[type='submit']")

    assert page.driver.current_url == live_server.url + "/san-pham/mi-gao-hung-lo/"
    assert page.text(".notice") == "Đã thêm vào giỏ hàng: 3 × Mì gạo Hùng Lô."
    assert CartItem.objects.get(buyer=buyer, product=noodles).quantity == 3
    page.assert_accessible()


def test_storefront_and_category_pages_are_accessible(page, live_server):
    _shop()

    page.open(live_server.url + "/gian-hang/htx-mi-gao-hung-lo/")
    assert page.text("h1") == "HTX Mì gạo Hùng Lô"
    assert len(page.find_all(".cards .card")) == 3
    assert page.no_horizontal_scroll(360)
    page.assert_accessible()
    page.shoot("storefront")

    page.open(live_server.url + "/danh-muc/thuc-pham/")
    assert page.text("h1") == "Thực phẩm"
    assert "Mì gạo Hùng Lô" in page.text(".cards")
    assert page.no_horizontal_scroll(360)
    page.assert_accessible()
    page.shoot("category")
