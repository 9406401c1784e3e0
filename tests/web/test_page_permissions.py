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
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)

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
