"""Who may open each signed-in page (issue 16): the pages' permission matrix, with the API's
rules (tests/e2e/test_permission_matrix.py). Another storefront's page is a 404, a page for
owners refuses other members with 403, anonymous visitors are sent to sign in.

Each area adds its pages to PAGES: a label, the URL built from the World, and what each actor
gets (a status, or "sign-in" for the redirect to the sign-in page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from catalog.models import ImportJob, ProductStatus
from marketplace.models import MemberRole, User, Vendor
from orders.services.carts import cart_add
from orders.services.checkout import Delivery, checkout_place
from tests.factories import (
    InquiryFactory,
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.orders import place_order
from tests.web.activity_setup import LeadFactory, sales_terms
from traceability.models import Lot

ACTORS = ["anonymous", "buyer", "other_member", "own_staff", "own_owner", "moderator"]
HTML = {"HTTP_ACCEPT": "text/html"}


@dataclass
class World:
    vendor: Vendor
    other_vendor: Vendor
    users: dict[str, User | None]
    extra: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    vendor = VendorFactory(slug="htx-cua-minh")
    other = VendorFactory(slug="htx-nguoi-khac")
    owner = MembershipFactory(vendor=vendor, role=MemberRole.OWNER).user
    staff = MembershipFactory(vendor=vendor, role=MemberRole.STAFF).user
    other_member = MembershipFactory(vendor=other).user
    users: dict[str, User | None] = {
        "anonymous": None,
        "buyer": UserFactory(),
        "other_member": other_member,
        "own_staff": staff,
        "own_owner": owner,
        "moderator": ModeratorFactory(),
    }
    extra: dict[str, Any] = {
        # seller16a: a draft product of the storefront, another storefront's, an import job
        "product": ProductFactory(vendor=vendor, status=ProductStatus.DRAFT, published_at=None),
        "other_product": ProductFactory(vendor=other),
        "job": ImportJob.objects.create(vendor=vendor, file_format="csv"),
    }
    return World(vendor=vendor, other_vendor=other, users=users, extra=extra)


ALL_SIGNED_IN = dict.fromkeys(ACTORS[1:], 200) | {"anonymous": "sign-in"}
MEMBERS = {
    "anonymous": "sign-in",
    "buyer": 404,
    "other_member": 404,
    "own_staff": 200,
    "own_owner": 200,
    "moderator": 404,  # moderators work in the staff admin, not in a storefront's seller center
}
OWNERS = MEMBERS | {"own_staff": 403}

BUYERS_OWN = dict.fromkeys(ACTORS[1:], 404) | {"anonymous": "sign-in", "buyer": 200}


# --- orders16: the buyer's order, inquiry and lead, made when a row asks for them -------------


def _buyers(w: World, key: str) -> Any:
    if key not in w.extra:
        buyer = w.users["buyer"]
        product = ProductFactory(vendor=w.vendor)
        if key == "order":
            sales_terms(w.vendor)
            w.extra[key] = place_order(buyer, product).number
        elif key == "inquiry":
            w.extra[key] = InquiryFactory(product=product, buyer=buyer).pk
        else:
            w.extra[key] = LeadFactory(poster=buyer).slug
    return w.extra[key]


# label, URL from the world, expected answer per actor
PAGES: list[tuple[str, Callable[[World], str], dict[str, int | str]]] = [
    ("seller center home", lambda w: "/ban-hang/", ALL_SIGNED_IN),
    # seller16a
    ("open a storefront", lambda w: "/ban-hang/mo-gian-hang/", ALL_SIGNED_IN),
    ("invitation page", lambda w: "/ban-hang/loi-moi/", ALL_SIGNED_IN),
    ("seller dashboard", lambda w: f"/ban-hang/{w.vendor.slug}/", MEMBERS),
    ("seller storefront", lambda w: f"/ban-hang/{w.vendor.slug}/gian-hang/", MEMBERS),
    ("seller products", lambda w: f"/ban-hang/{w.vendor.slug}/san-pham/", MEMBERS),
    ("seller new product", lambda w: f"/ban-hang/{w.vendor.slug}/san-pham/moi/", MEMBERS),
    (
        "seller product",
        lambda w: f"/ban-hang/{w.vendor.slug}/san-pham/{w.extra['product'].slug}/",
        MEMBERS,
    ),
    (
        "seller product pictures",
        lambda w: f"/ban-hang/{w.vendor.slug}/san-pham/{w.extra['product'].slug}/anh/",
        MEMBERS,
    ),
    (
        "another storefront's product",
        lambda w: f"/ban-hang/{w.vendor.slug}/san-pham/{w.extra['other_product'].slug}/",
        MEMBERS | {"own_staff": 404, "own_owner": 404},
    ),
    ("seller import", lambda w: f"/ban-hang/{w.vendor.slug}/nhap-san-pham/", MEMBERS),
    (
        "seller import job",
        lambda w: f"/ban-hang/{w.vendor.slug}/nhap-san-pham/{w.extra['job'].pk}/",
        MEMBERS,
    ),
    ("seller certificates", lambda w: f"/ban-hang/{w.vendor.slug}/chung-nhan/", MEMBERS),
    ("seller members", lambda w: f"/ban-hang/{w.vendor.slug}/thanh-vien/", OWNERS),
]


# --- seller16b: the seller center's trade pages ------------------------------------------------


def _trade(w: World, key: str) -> Any:
    """An order or a lot of a storefront, made on first use (the fixture stays cheap)."""
    if key not in w.extra:
        vendor = w.other_vendor if key.startswith("other") else w.vendor
        product = ProductFactory(vendor=vendor)
        if key.endswith("order"):
            w.extra[key] = place_order(UserFactory(), product, quantity=1)
        else:
            w.extra[key] = Lot.objects.create(
                product=product,
                code="L1",
                public_code=f"PERM{vendor.pk:08d}",
                produced_on="2026-07-01",
            )
    return w.extra[key]


NOBODY = dict.fromkeys(ACTORS[1:], 404) | {"anonymous": "sign-in"}
SELLER = "/ban-hang/htx-cua-minh/"

PAGES += [
    ("seller orders", lambda w: f"{SELLER}don-hang/", MEMBERS),
    ("seller order", lambda w: f"{SELLER}don-hang/{_trade(w, 'order').number}/", MEMBERS),
    (
        "seller packing slip",
        lambda w: f"{SELLER}don-hang/{_trade(w, 'order').number}/phieu-giao/",
        MEMBERS,
    ),
    (
        "seller order of another storefront",
        lambda w: f"{SELLER}don-hang/{_trade(w, 'other_order').number}/",
        NOBODY,
    ),
    ("seller inquiries", lambda w: f"{SELLER}hoi-hang/", MEMBERS),
    ("seller reviews", lambda w: f"{SELLER}danh-gia/", MEMBERS),
    ("seller complaints", lambda w: f"{SELLER}khieu-nai/", MEMBERS),
    ("seller lots", lambda w: f"{SELLER}lo-hang/", MEMBERS),
    (
        "seller lot",
        lambda w: f"{SELLER}lo-hang/{_trade(w, 'lot').product.slug}/L1/",
        MEMBERS,
    ),
    (
        "seller lot of another storefront",
        lambda w: f"{SELLER}lo-hang/{_trade(w, 'other_lot').product.slug}/L1/",
        NOBODY,
    ),
    ("seller fairs", lambda w: f"{SELLER}hoi-cho/", MEMBERS),
]


# --- buyer16: a buyer's account, cart, checkout and payment pages ----------------------------
def _buyer_checkout(w: World) -> str:
    """The buyer's checkout page, placed only for the row that needs it."""
    buyer = w.users["buyer"]
    product = ProductFactory(vendor=w.vendor)
    cart_add(buyer=buyer, product_slug=product.slug, quantity=1)
    delivery = Delivery("Lê Văn Mua", "0912345678", 25, 7900, "Số 12")
    checkout = checkout_place(buyer=buyer, delivery=delivery, payment_method="cod")
    return f"/thanh-toan/xong/{checkout.pk}/"


BUYER_ONLY = dict.fromkeys(ACTORS[1:], 404) | {"anonymous": "sign-in", "buyer": 200}
PAGES += [
    ("account details", lambda w: "/tai-khoan/", ALL_SIGNED_IN),
    ("account password", lambda w: "/tai-khoan/mat-khau/", ALL_SIGNED_IN),
    ("account data", lambda w: "/tai-khoan/du-lieu/", ALL_SIGNED_IN),
    ("account data export", lambda w: "/tai-khoan/du-lieu/tai-ve/", ALL_SIGNED_IN),
    ("cart", lambda w: "/gio-hang/", ALL_SIGNED_IN),
    # An empty cart sends the person back to it.
    (
        "checkout (empty cart)",
        lambda w: "/thanh-toan/",
        ALL_SIGNED_IN | dict.fromkeys(ACTORS[1:], 302),
    ),
    ("checkout done (the buyer's own)", _buyer_checkout, BUYER_ONLY),
    # No signed VNPay query: refused, whoever asks.
    (
        "VNPay return (unsigned)",
        lambda w: "/thanh-toan/vnpay/",
        dict.fromkeys(ACTORS[1:], 400) | {"anonymous": "sign-in"},
    ),
    ("my orders", lambda w: "/tai-khoan/don-hang/", ALL_SIGNED_IN),
    ("my order", lambda w: f"/tai-khoan/don-hang/{_buyers(w, 'order')}/", BUYERS_OWN),
    ("my inquiries", lambda w: "/tai-khoan/hoi-hang/", ALL_SIGNED_IN),
    ("my inquiry", lambda w: f"/tai-khoan/hoi-hang/{_buyers(w, 'inquiry')}/", BUYERS_OWN),
    ("my leads", lambda w: "/tai-khoan/tin-mua-ban/", ALL_SIGNED_IN),
    ("post a lead", lambda w: "/tai-khoan/tin-mua-ban/dang-tin/", ALL_SIGNED_IN),
    ("my lead", lambda w: f"/tai-khoan/tin-mua-ban/{_buyers(w, 'lead')}/", BUYERS_OWN),
    ("edit my lead", lambda w: f"/tai-khoan/tin-mua-ban/{_buyers(w, 'lead')}/sua/", BUYERS_OWN),
    ("my fair tickets", lambda w: "/tai-khoan/ve/", ALL_SIGNED_IN),
]


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("label", "url_of", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_answers_each_actor_as_the_api_would(world, label, url_of, expected, actor):
    url = url_of(world)

    response = _client(world.users[actor]).get(url, **HTML)

    want = expected[actor]
    if want == "sign-in":
        assert response.status_code == 302, (label, actor)
        assert response["Location"].startswith("/dang-nhap/?next="), response["Location"]
    else:
        assert response.status_code == want, (label, actor, response.status_code)
    if response.status_code in (200, 302):
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
