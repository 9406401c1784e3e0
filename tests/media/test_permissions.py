"""Every image write endpoint × anonymous, buyer, another storefront's member, own member
(the owner), moderator. Refusals use the one error shape and change no row and no file."""

from __future__ import annotations

import pytest

from catalog.models import ProductStatus
from core.models import AuditLog
from marketplace.models import VendorStatus
from media.models import Image, Rendition
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.media import corpus
from tests.media.conftest import files_under, upload
from tests.media.test_api import make_image

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "buyer", "other_member", "own_member", "moderator"]


@pytest.fixture
def world(db):
    own, other = UserFactory(), UserFactory()
    vendor = VendorFactory(slug="own")
    MembershipFactory(vendor=vendor, user=own)
    MembershipFactory(vendor=VendorFactory(slug="other"), user=other)
    pending = VendorFactory(slug="own-pending", status=VendorStatus.PENDING, approved_at=None)
    MembershipFactory(vendor=pending, user=own)
    published = ProductFactory(vendor=vendor, slug="published")
    ProductFactory(vendor=vendor, slug="draft", status=ProductStatus.DRAFT, published_at=None)
    image = make_image(product=published)
    make_image(vendor=vendor, kind="logo")
    return {
        "image": image,
        "users": {
            "anonymous": None,
            "buyer": UserFactory(),
            "other_member": other,
            "own_member": own,
            "moderator": ModeratorFactory(),
        },
    }


def file_payload():
    return {"file": upload(corpus.jpeg((64, 48)))}


def r(**codes: int) -> dict[str, int]:
    return codes


CASES = [
    (
        "gallery_add_published",
        "post",
        lambda w: "/api/v1/products/published/images/",
        file_payload,
        r(anonymous=401, buyer=403, other_member=403, own_member=201, moderator=201),
    ),
    (
        "gallery_add_draft",
        "post",
        lambda w: "/api/v1/products/draft/images/",
        file_payload,
        r(anonymous=401, buyer=404, other_member=404, own_member=201, moderator=201),
    ),
    (
        "gallery_reorder",
        "patch",
        lambda w: f"/api/v1/products/published/images/{w['image'].pk}/",
        lambda: {"position": 0, "is_primary": True},
        r(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "gallery_replace",
        "put",
        lambda w: f"/api/v1/products/published/images/{w['image'].pk}/",
        file_payload,
        r(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "gallery_delete",
        "delete",
        lambda w: f"/api/v1/products/published/images/{w['image'].pk}/",
        lambda: {},
        r(anonymous=401, buyer=403, other_member=403, own_member=204, moderator=204),
    ),
    (
        "logo_set",
        "put",
        lambda w: "/api/v1/vendors/own/logo/",
        file_payload,
        r(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "banner_set_pending_storefront",
        "put",
        lambda w: "/api/v1/vendors/own-pending/banner/",
        file_payload,
        r(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=200),
    ),
    (
        "logo_delete",
        "delete",
        lambda w: "/api/v1/vendors/own/logo/",
        lambda: {},
        r(anonymous=401, buyer=403, other_member=403, own_member=204, moderator=204),
    ),
]


def snapshot(media_dirs) -> tuple:
    return (
        sorted(Image.objects.values_list("pk", "key", "position", "is_primary", "status")),
        Rendition.objects.count(),
        AuditLog.objects.count(),
        files_under(media_dirs),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("name", "method", "url", "payload", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_image_permission_matrix(
    world,
    media_dirs,
    django_capture_on_commit_callbacks,
    actor,
    name,
    method,
    url,
    payload,
    expected,
):
    client = client_for(world["users"][actor])
    before = snapshot(media_dirs)
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(
            url(world), payload(), format="multipart" if method in ("post", "put") else "json"
        )
    assert response.status_code == expected[actor], (name, actor, response.content)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"type", "title", "status", "detail", "errors"}
        assert snapshot(media_dirs) == before, f"{name} by {actor} was refused but changed data"
    else:
        assert snapshot(media_dirs) != before
