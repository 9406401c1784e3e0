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

from marketplace.models import MemberRole, User, Vendor
from tests.factories import (
    InquiryFactory,
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.web.activity_setup import LeadFactory, place, sales_terms

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
    return World(vendor=vendor, other_vendor=other, users=users, extra={})


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
            w.extra[key] = place(buyer, product).number
        elif key == "inquiry":
            w.extra[key] = InquiryFactory(product=product, buyer=buyer).pk
        else:
            w.extra[key] = LeadFactory(poster=buyer).slug
    return w.extra[key]


# label, URL from the world, expected answer per actor
PAGES: list[tuple[str, Callable[[World], str], dict[str, int | str]]] = [
    ("seller center home", lambda w: "/ban-hang/", ALL_SIGNED_IN),
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
