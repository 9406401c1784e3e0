"""The product page as a browser and a crawler read it: pictures, price, seller identity, OCOP,
reviews, JSON-LD, link previews, caching; and its two forms (cart, inquiry) with refusals."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import ProductStatus
from marketplace.models import VendorStatus
from orders.models import CartItem, Inquiry, Order, OrderStatus
from tests.factories import CertificateFactory, ProductFactory
from tests.orders.conftest import checkout_body, terms  # noqa: F401 (a fixture)
from tests.web.helpers import HTML, ld_of_type, meta, picture

pytestmark = pytest.mark.django_db

URL = "/san-pham/mi-gao-hung-lo/"


@pytest.fixture
def client(client):
    """Django's test client, as a browser asks (HTML)."""
    client.defaults.update(HTML)
    return client


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_page_shows_what_the_law_and_a_buyer_need(client, product, vendor):
    CertificateFactory(product=product, stars=4, certificate_number="OCOP-PT-0042")
    CertificateFactory(product=product, stars=5, expires_on=timezone.localdate())  # expired today
    picture(product=product)
    picture(product=product, position=1)
    related = ProductFactory(vendor=vendor, name="Mì gạo lứt")
    ProductFactory(name="Bún khô", status=ProductStatus.DRAFT)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mì gạo Hùng Lô</h1>" in html
    assert "<title>Mì gạo Hùng Lô — " in html
    assert "45.000 ₫" in html and "/ kg" in html
    assert "OCOP 4 sao" in html and "OCOP-PT-0042" in html
    assert "OCOP 5 sao" not in html  # the expired certificate shows nothing
    for identity in (vendor.legal_name, vendor.tax_code, vendor.street_address, vendor.phone):
        assert identity in html
    assert "Phường Việt Trì" in html
    # the first picture loads at once, the others lazily; WebP first, JPEG the fallback
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2  # the gallery's two (the related product has none)
    first = pictures[0]
    assert (
        '<source type="image/webp" srcset="' in first and " 160w, " in first and " 1200w" in first
    )
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
    assert re.search(r'<img src="[^"]+/w480\.jpeg"', first)
    assert 'loading="lazy"' in pictures[1]
    assert related.name in html and f'href="/san-pham/{related.slug}/"' in html
    assert "Bún khô" not in html
    # anonymous: sign in to buy or to ask, no form
    assert '<form method="post"' not in html
    assert "?next=%2Fsan-pham%2Fmi-gao-hung-lo%2F" in html


def test_json_ld_open_graph_and_canonical(client, product, vendor):
    picture(product=product)
    CertificateFactory(product=product, stars=5)

    html = client.get(URL).content.decode()

    ld = ld_of_type(html, "Product")
    assert ld["name"] == "Mì gạo Hùng Lô"
    assert ld["offers"]["price"] == 45000 and ld["offers"]["priceCurrency"] == "VND"
    assert ld["offers"]["availability"] == "https://schema.org/InStock"
    assert ld["offers"]["seller"]["name"] == vendor.legal_name
    assert ld["image"][0].endswith("/w1200.jpeg")
    assert "aggregateRating" not in ld  # no review yet
    crumbs = ld_of_type(html, "BreadcrumbList")["itemListElement"]
    assert crumbs[0]["item"] == "http://testserver/"
    assert crumbs[-1] == {
        "@type": "ListItem",
        "position": len(crumbs),
        "name": "Mì gạo Hùng Lô",
        "item": "http://testserver" + URL,
    }
    assert any(c["item"] == "http://testserver/danh-muc/gao-ngu-coc/" for c in crumbs)
    assert meta(html, "og:type") == "product"
    assert meta(html, "og:image") == ld["image"][0]
    assert meta(html, "twitter:card") == "summary_large_image"
    assert f'<link rel="canonical" href="http://testserver{URL}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{URL}">' in html


def test_a_product_without_pictures_shares_the_logo_then_the_default(client, product, vendor):
    html = client.get(URL).content.decode()
    assert meta(html, "og:image") == "http://testserver/static/web/share.png"

    picture(vendor=vendor, kind="logo")

    html = client.get(URL).content.decode()
    assert re.fullmatch(r"http://testserver/media/r/\w+/w1200\.jpeg", meta(html, "og:image"))


def test_price_on_request_has_an_offer_without_price(client, vendor):
    ProductFactory(vendor=vendor, slug="che-xanh", price=None, price_on_request=True)

    html = client.get("/san-pham/che-xanh/").content.decode()

    assert "Giá liên hệ" in html
    offer = ld_of_type(html, "Product")["offers"]
    assert "price" not in offer and offer["description"] == "Giá liên hệ"


def test_english_under_en(client, product):
    response = client.get("/en" + URL)

    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "Minimum order" in html and "Seller" in html and "Sign in to buy" in html
    assert "Giá liên hệ" not in html and "Người bán" not in html


@pytest.mark.parametrize(
    "hide",
    [
        lambda p: type(p).objects.filter(pk=p.pk).update(status=ProductStatus.DRAFT),
        lambda p: (
            type(p.vendor).objects.filter(pk=p.vendor_id).update(status=VendorStatus.SUSPENDED)
        ),
    ],
    ids=["draft", "suspended storefront"],
)
def test_hidden_products_are_not_found_even_for_their_members(
    client, product, owner, settings, hide
):
    settings.DEBUG = False
    hide(product)

    assert client.get(URL).status_code == 404
    response = _signed_in(client, owner).get(URL)
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang nào</h1>" in response.content.decode()
    assert client.get("/san-pham/khong-co/").status_code == 404


def test_anonymous_pages_are_cacheable_with_etag_and_304(client, product):
    response = client.get(URL)

    assert response["Cache-Control"] == "public, max-age=30"
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert "Cookie" in response["Vary"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content


def test_signed_in_pages_are_private(client, product, buyer):
    response = _signed_in(client, buyer).get(URL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'action="/san-pham/mi-gao-hung-lo/gio-hang/"' in html


def test_a_signed_in_buyer_adds_to_the_cart_and_comes_back(client, product, buyer):
    client = _signed_in(client, buyer)

    response = client.post(URL + "gio-hang/", {"quantity": "3"})

    assert response.status_code == 302 and response["Location"] == URL
    assert CartItem.objects.get(buyer=buyer, product=product).quantity == 3
    page = client.get(URL).content.decode()
    assert "Đã thêm vào giỏ hàng: 3 × Mì gạo Hùng Lô." in page


def test_cart_refusals_are_shown_beside_the_quantity_in_the_pages_language(
    client, product, buyer, owner
):
    type(product).objects.filter(pk=product.pk).update(min_order_quantity=5)
    client = _signed_in(client, buyer)

    below = client.post(URL + "gio-hang/", {"quantity": "2"})
    english = client.post("/en" + URL + "gio-hang/", {"quantity": "2"})
    nonsense = client.post(URL + "gio-hang/", {"quantity": "nhiều"})
    own = _signed_in(Client(HTTP_ACCEPT="text/html"), owner).post(
        URL + "gio-hang/", {"quantity": "5"}
    )

    assert below.status_code == 400
    html = below.content.decode()
    assert re.search(r'id="cart-quantity-error">Tối thiểu 5\.</p>', html), html
    assert 'value="2"' in html
    assert english.status_code == 400 and "At least 5." in english.content.decode()
    assert nonsense.status_code == 400 and 'aria-invalid="true"' in nonsense.content.decode()
    assert own.status_code == 403
    assert "Bạn không thể mua hàng của chính gian hàng mình." in own.content.decode()
    assert not CartItem.objects.exists()


def test_anonymous_forms_go_to_the_sites_sign_in_page(client, product):
    page = client.get(URL)
    cart = client.post(URL + "gio-hang/", {"quantity": "3"})
    ask = client.post(URL + "lien-he/", {"quantity": "3"})

    assert f'href="/dang-nhap/?next={URL.replace("/", "%2F")}"' in page.content.decode()
    assert cart.status_code == ask.status_code == 302
    assert cart["Location"] == ask["Location"] == f"/dang-nhap/?next={URL}"  # back to the product
    assert not CartItem.objects.exists() and not Inquiry.objects.exists()


def test_a_signed_in_buyer_asks_the_seller(client, product, buyer):
    client = _signed_in(client, buyer)

    empty = client.post(URL + "lien-he/", {"quantity": "10", "contact_name": "Lan"})
    sent = client.post(
        URL + "lien-he/",
        {
            "quantity": "10",
            "message": "Giá sỉ bao nhiêu?",
            "contact_name": "Lan",
            "contact_phone": "",
        },
    )

    assert empty.status_code == 400
    assert re.search(r"Trường này không được để trống\.</p>", empty.content.decode())
    assert sent.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.product, inquiry.buyer, inquiry.quantity) == (product, buyer, 10)
    assert inquiry.messages.get().body == "Giá sỉ bao nhiêu?"


def test_reviews_and_rating_are_shown_and_marked_up(client, buyer_client, product, terms):  # noqa: F811
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    line = order.lines.get().pk
    made = buyer_client.post(
        f"/api/v1/orders/{order.number}/reviews/",
        {"line": line, "stars": 4, "text": "Sợi dai, thơm"},
        format="json",
    )
    assert made.status_code == 201, made.content

    html = client.get(URL).content.decode()

    assert "Sợi dai, thơm" in html
    ld = ld_of_type(html, "Product")
    assert ld["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.0,
        "reviewCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert ld["review"][0]["reviewBody"] == "Sợi dai, thơm"
    assert dt.date.fromisoformat(ld["review"][0]["datePublished"]) == timezone.localdate()


def test_the_page_costs_the_same_queries_with_more_pictures_and_related(
    client, product, vendor, django_assert_num_queries
):
    """The API detail's queries (its lots included, D166), the reviews, the related cards and
    their pictures' one: the same number for one picture or many, one related product or four.
    11 since the detail reads the storefront's commune from the reference table (D220), 10
    since the cards' pictures come with their renditions in one statement (D249)."""
    picture(product=product)
    picture(product=ProductFactory(vendor=vendor))
    client.get(URL)  # the reference tables (categories, units, places) are read once
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200

    for position in (1, 2):
        picture(product=product, position=position)
    for _ in range(3):
        picture(product=ProductFactory(vendor=vendor))

    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200
