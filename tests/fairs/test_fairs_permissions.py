"""Fairs permission matrix: every write (and the organizer-only reads) × anonymous, buyer,
another storefront's member, the applying storefront's member, the organizer of another fair,
the fair's organizer, a moderator. On refusal nothing is written (no audit row, no change)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditLog
from fairs.models import ApplicationStatus, ApprovalMode, ExhibitorApplication, Fair, FairStatus
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.fairs import (
    BoothTypeFactory,
    ExhibitorApplicationFactory,
    FairFactory,
    OrganizerFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "buyer",
    "other_member",
    "own_member",
    "other_organizer",
    "organizer",
    "moderator",
]


@pytest.fixture
def world():
    organizer = OrganizerFactory(email="org@example.vn")
    users = {
        "anonymous": None,
        "buyer": UserFactory(email="buyer@example.vn"),
        "other_member": UserFactory(email="other@example.vn"),
        "own_member": UserFactory(email="own@example.vn"),
        "other_organizer": OrganizerFactory(email="org2@example.vn"),
        "organizer": organizer,
        "moderator": ModeratorFactory(email="mod@example.vn"),
    }
    vendor = VendorFactory(slug="own")
    MembershipFactory(vendor=vendor, user=users["own_member"])
    MembershipFactory(vendor=VendorFactory(slug="other"), user=users["other_member"])
    fair = FairFactory(slug="fair", organizers=[organizer], approval_mode=ApprovalMode.REVIEW)
    FairFactory(slug="other-fair", organizers=[users["other_organizer"]])
    booth = BoothTypeFactory(fair=fair, count=5)
    draft = FairFactory(
        slug="draft", status=FairStatus.DRAFT, published_at=None, organizers=[organizer]
    )
    submitted = ExhibitorApplicationFactory(
        booth_type=booth, vendor=vendor, status=ApplicationStatus.SUBMITTED
    )
    held = ExhibitorApplicationFactory(booth_type=booth)
    return {
        "users": users,
        "vendor": vendor,
        "fair": fair,
        "booth": booth,
        "draft": draft,
        "submitted": submitted,
        "held": held,
        "product": ProductFactory(vendor=vendor),
    }


def _fair_body():
    now = timezone.now()
    return {
        "name": "Hội chợ thử quyền",
        "kind": "online",
        "online_url": "https://hoicho.example.vn",
        "registration_opens_at": now.isoformat(),
        "registration_closes_at": (now + dt.timedelta(days=3)).isoformat(),
        "starts_at": (now + dt.timedelta(days=4)).isoformat(),
        "ends_at": (now + dt.timedelta(days=5)).isoformat(),
    }


def _apply_world(w):
    # Applying needs no existing active application of the storefront.
    ExhibitorApplication.objects.filter(pk=w["submitted"].pk).update(status="cancelled")
    return {
        "vendor": w["vendor"].slug,
        "booth_type": w["booth"].pk,
        "products": [w["product"].pk],
        "contact_name": "Hoa",
        "contact_phone": "0912345678",
        "contact_email": "hoa@example.vn",
    }


ORG_ONLY = {
    "anonymous": 401,
    "buyer": 403,
    "other_member": 403,
    "own_member": 403,
    "other_organizer": 403,
    "organizer": 200,
    "moderator": 200,
}
APP_ORG_ONLY = {**ORG_ONLY, "buyer": 404, "other_member": 404, "other_organizer": 404}

CASES = {
    "create fair": (
        lambda w: ("post", "/api/v1/fairs/", _fair_body()),
        {**ORG_ONLY, "other_organizer": 201, "organizer": 201, "moderator": 201},
    ),
    "edit fair": (
        lambda w: ("patch", "/api/v1/fairs/fair/", {"description": "Mới"}),
        ORG_ONLY,
    ),
    "close fair": (lambda w: ("post", "/api/v1/fairs/fair/close/", {}), ORG_ONLY),
    "cancel fair": (
        lambda w: ("post", "/api/v1/fairs/fair/cancel/", {"reason": "Bão"}),
        ORG_ONLY,
    ),
    "open draft (hidden)": (
        lambda w: ("post", "/api/v1/fairs/draft/open/", {}),
        {
            **ORG_ONLY,
            "buyer": 404,
            "other_member": 404,
            "own_member": 404,
            "other_organizer": 404,
            "organizer": 409,
            "moderator": 409,
        },
    ),
    "add booth type": (
        lambda w: (
            "post",
            "/api/v1/fairs/fair/booth-types/",
            {"name": "VIP", "price": 1, "count": 2},
        ),
        {**ORG_ONLY, "organizer": 201, "moderator": 201},
    ),
    "edit booth type": (
        lambda w: ("patch", f"/api/v1/fairs/fair/booth-types/{w['booth'].pk}/", {"count": 9}),
        ORG_ONLY,
    ),
    "export exhibitors": (
        lambda w: ("get", "/api/v1/fairs/fair/exhibitors/export/", None),
        ORG_ONLY,
    ),
    "apply": (
        lambda w: ("post", "/api/v1/fairs/fair/applications/", _apply_world(w)),
        {**ORG_ONLY, "own_member": 201, "organizer": 403, "moderator": 403},
    ),
    "approve": (
        lambda w: ("post", f"/api/v1/fairs/applications/{w['submitted'].pk}/approve/", {}),
        APP_ORG_ONLY,
    ),
    "reject": (
        lambda w: (
            "post",
            f"/api/v1/fairs/applications/{w['submitted'].pk}/reject/",
            {"reason": "Thiếu hồ sơ"},
        ),
        APP_ORG_ONLY,
    ),
    "assign booth": (
        lambda w: (
            "post",
            f"/api/v1/fairs/applications/{w['held'].pk}/assign-booth/",
            {"booth_number": "C3"},
        ),
        {**APP_ORG_ONLY, "own_member": 404},
    ),
    "cancel application": (
        lambda w: (
            "post",
            f"/api/v1/fairs/applications/{w['submitted'].pk}/cancel/",
            {"reason": "Đổi kế hoạch"},
        ),
        {**APP_ORG_ONLY, "own_member": 200},
    ),
    "edit application": (
        lambda w: (
            "patch",
            f"/api/v1/fairs/applications/{w['submitted'].pk}/",
            {"contact_name": "Bình"},
        ),
        {**APP_ORG_ONLY, "own_member": 200, "organizer": 403, "moderator": 403},
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", list(CASES))
def test_write_matrix(world, case, actor):
    build, expected = CASES[case]
    method, url, body = build(world)
    client = client_for(world["users"][actor])
    before_audit = AuditLog.objects.count()
    before = (
        Fair.objects.count(),
        sorted(Fair.objects.values_list("slug", "status", "description")),
        sorted(
            ExhibitorApplication.objects.values_list("id", "status", "booth_number", "contact_name")
        ),
    )
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == expected[actor], response.content
    if response.status_code >= 400:
        assert response.json()["status"] == response.status_code
        after = (
            Fair.objects.count(),
            sorted(Fair.objects.values_list("slug", "status", "description")),
            sorted(
                ExhibitorApplication.objects.values_list(
                    "id", "status", "booth_number", "contact_name"
                )
            ),
        )
        assert after == before
        assert AuditLog.objects.count() == before_audit


READS = {
    "draft fair": ("/api/v1/fairs/draft/", {**APP_ORG_ONLY, "anonymous": 404, "own_member": 404}),
    "application": (
        "/api/v1/fairs/applications/{submitted}/",
        {**APP_ORG_ONLY, "own_member": 200},
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", list(READS))
def test_read_matrix(world, case, actor):
    url, expected = READS[case]
    url = url.format(submitted=world["submitted"].pk)
    response = client_for(world["users"][actor]).get(url)
    assert response.status_code == expected[actor]


def test_creating_a_fair_checks_permission_before_the_body(buyer_client):
    """A buyer is refused 403 whatever it sends — not told which fields would be wrong."""
    for body in ({}, {"name": "x", "visitor_capacity": "nope"}):
        response = buyer_client.post("/api/v1/fairs/", body, format="json")
        assert response.status_code == 403
        assert response.json()["errors"] == {}
    broken = buyer_client.post("/api/v1/fairs/", "{not json", content_type="application/json")
    assert broken.status_code == 403
