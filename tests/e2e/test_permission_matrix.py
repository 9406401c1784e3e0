"""Every write endpoint × anonymous, buyer, another storefront's member, own member, moderator.

Each case asserts the status code, and on refusal that no row anywhere changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from catalog.models import (
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
)
from core.models import AuditLog
from marketplace.models import (
    MemberRole,
    User,
    Vendor,
    VendorInvitation,
    VendorMembership,
    VendorStatus,
)
from orders.models import Inquiry, InquiryMessage
from tests.conftest import client_for
from tests.factories import (
    CertificateFactory,
    InquiryFactory,
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)

ACTORS = ["anonymous", "buyer", "other_member", "own_member", "moderator"]


@dataclass
class World:
    vendor: Vendor
    pending_vendor: Vendor
    published: Product
    draft: Product
    pending: Product
    pending_cert: OcopCertificate
    verified_cert: OcopCertificate
    award: RuralIndustryAward
    inquiry: Inquiry
    staff: VendorMembership
    users: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    owner = UserFactory(email="owner@example.vn")
    other = UserFactory(email="other@example.vn")
    buyer = UserFactory(email="buyer@example.vn")
    moderator = ModeratorFactory(email="mod@example.vn")
    vendor = VendorFactory(slug="own")
    MembershipFactory(vendor=vendor, user=owner)
    staff = MembershipFactory(
        vendor=vendor, user=UserFactory(email="staff@example.vn"), role=MemberRole.STAFF
    )
    pending_vendor = VendorFactory(
        slug="own-pending", status=VendorStatus.PENDING, approved_at=None
    )
    MembershipFactory(vendor=pending_vendor, user=owner)
    for slug, state in (("own-suspended", "suspended"), ("own-rejected", "rejected")):
        MembershipFactory(vendor=VendorFactory(slug=slug, status=state), user=owner)
    other_vendor = VendorFactory(slug="other")
    MembershipFactory(vendor=other_vendor, user=other)
    published = ProductFactory(vendor=vendor, slug="published")
    ProductFactory(vendor=vendor, slug="archived", status=ProductStatus.ARCHIVED)
    draft = ProductFactory(
        vendor=vendor, slug="draft", status=ProductStatus.DRAFT, published_at=None
    )
    pending = ProductFactory(
        vendor=vendor, slug="pending", status=ProductStatus.PENDING_REVIEW, published_at=None
    )
    pending_cert = CertificateFactory(
        product=published, status=CertificateStatus.PENDING_VERIFICATION
    )
    verified_cert = CertificateFactory(product=published)
    RuralIndustryAward.objects.create(
        product=published,
        vendor=vendor,
        level="national",
        year=2021,
        product_group="handicraft",
        issuer="Bộ Công Thương",
        status="verified",
    )
    award = RuralIndustryAward.objects.create(
        product=published,
        vendor=vendor,
        level="province",
        year=2022,
        product_group="processed_food",
        issuer="UBND tỉnh Phú Thọ",
    )
    inquiry = InquiryFactory(product=published, buyer=buyer)
    InquiryMessage.objects.create(inquiry=inquiry, author=buyer, body="Giá sỉ?")
    return World(
        vendor=vendor,
        pending_vendor=pending_vendor,
        published=published,
        draft=draft,
        pending=pending,
        pending_cert=pending_cert,
        verified_cert=verified_cert,
        award=award,
        inquiry=inquiry,
        staff=staff,
        users={
            "anonymous": None,
            "buyer": buyer,
            "other_member": other,
            "own_member": owner,
            "moderator": moderator,
        },
    )


def snapshot() -> dict[str, list[str]]:
    models = [
        Vendor,
        Product,
        OcopCertificate,
        RuralIndustryAward,
        Inquiry,
        InquiryMessage,
        VendorMembership,
        VendorInvitation,
        AuditLog,
        User,
    ]
    return {m.__name__: sorted(repr(sorted(r.items())) for r in m.objects.values()) for m in models}


NEW_VENDOR = {
    "kind": "household",
    "legal_name": "Hộ kinh doanh Nguyễn Thị Lan",
    "display_name": "Mật ong Lan",
    "tax_code": "2600999888",
    "commune": 7900,
    "phone": "0912345678",
    "email": "lan@example.vn",
}
NEW_PRODUCT = {
    "vendor": "own",
    "name": "Mật ong rừng",
    "category": "mat-ong-san-pham-tu-mat-ong",
    "unit": "chai",
    "price": 250000,
}
NEW_CERT = {
    "stars": 3,
    "score": "62.5",
    "certificate_number": "PT-2025-001",
    "decision_number": "12/QĐ-UBND",
    "decision_date": "2025-01-10",
    "issuing_body": "UBND tỉnh Phú Thọ",
    "issuing_level": "province",
    "issue_date": "2025-01-15",
}
NEW_AWARD = {
    "level": "province",
    "year": 2024,
    "product_group": "handicraft",
    "issuer": "Sở Công Thương",
}

Case = tuple[str, str, Callable[[World], str], dict[str, Any] | None, dict[str, int]]


#   name, method, url, payload, expected status per actor
def verified_award() -> int:
    return RuralIndustryAward.objects.get(status="verified").pk


CASES: list[Case] = [
    (
        "vendor_create",
        "post",
        lambda w: "/api/v1/vendors/",
        NEW_VENDOR,
        dict(anonymous=401, buyer=201, other_member=201, own_member=201, moderator=201),
    ),
    (
        "vendor_update",
        "patch",
        lambda w: "/api/v1/vendors/own/",
        {"description": "Mới"},
        dict(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "vendor_approve",
        "post",
        lambda w: "/api/v1/vendors/own-pending/approve/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "vendor_reject",
        "post",
        lambda w: "/api/v1/vendors/own-pending/reject/",
        {"reason": "Sai MST"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "vendor_suspend",
        "post",
        lambda w: "/api/v1/vendors/own/suspend/",
        {"reason": "Vi phạm"},
        dict(anonymous=401, buyer=403, other_member=403, own_member=403, moderator=200),
    ),
    (
        "member_invite",
        "post",
        lambda w: "/api/v1/vendors/own/members/",
        {"email": "new@example.vn"},
        dict(anonymous=401, buyer=403, other_member=403, own_member=201, moderator=403),
    ),
    (
        "member_remove",
        "delete",
        lambda w: f"/api/v1/vendors/own/members/{w.staff.pk}/",
        None,
        dict(anonymous=401, buyer=403, other_member=403, own_member=204, moderator=403),
    ),
    (
        "product_create",
        "post",
        lambda w: "/api/v1/products/",
        NEW_PRODUCT,
        dict(anonymous=401, buyer=403, other_member=403, own_member=201, moderator=403),
    ),
    (
        "product_update",
        "patch",
        lambda w: "/api/v1/products/published/",
        {"price": 99000},
        dict(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "product_delete",
        "delete",
        lambda w: "/api/v1/products/draft/",
        None,
        dict(anonymous=401, buyer=404, other_member=404, own_member=204, moderator=403),
    ),
    (
        "product_submit",
        "post",
        lambda w: "/api/v1/products/draft/submit/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=403),
    ),
    (
        "product_approve",
        "post",
        lambda w: "/api/v1/products/pending/approve/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "product_reject",
        "post",
        lambda w: "/api/v1/products/pending/reject/",
        {"reason": "Thiếu ảnh"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "product_archive",
        "post",
        lambda w: "/api/v1/products/published/archive/",
        {"reason": "Gỡ"},
        dict(anonymous=401, buyer=403, other_member=403, own_member=200, moderator=200),
    ),
    (
        "certificate_create",
        "post",
        lambda w: "/api/v1/products/published/certificates/",
        NEW_CERT,
        dict(anonymous=401, buyer=403, other_member=403, own_member=201, moderator=403),
    ),
    (
        "certificate_update",
        "patch",
        lambda w: f"/api/v1/certificates/{w.pending_cert.pk}/",
        {"certificate_number": "PT-NEW"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=403),
    ),
    (
        "certificate_verify",
        "post",
        lambda w: f"/api/v1/certificates/{w.pending_cert.pk}/verify/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "certificate_reject",
        "post",
        lambda w: f"/api/v1/certificates/{w.pending_cert.pk}/reject/",
        {"reason": "Ảnh mờ"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "certificate_revoke",
        "post",
        lambda w: f"/api/v1/certificates/{w.verified_cert.pk}/revoke/",
        {"reason": "Thu hồi theo QĐ"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "award_create",
        "post",
        lambda w: "/api/v1/products/published/awards/",
        NEW_AWARD,
        dict(anonymous=401, buyer=403, other_member=403, own_member=201, moderator=403),
    ),
    (
        "award_verify",
        "post",
        lambda w: f"/api/v1/awards/{w.award.pk}/verify/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "inquiry_create",
        "post",
        lambda w: "/api/v1/inquiries/",
        {"product": "published", "quantity": 5, "message": "Báo giá", "contact_name": "An"},
        dict(anonymous=401, buyer=201, other_member=201, own_member=403, moderator=201),
    ),
    (
        "inquiry_reply",
        "post",
        lambda w: f"/api/v1/inquiries/{w.inquiry.pk}/messages/",
        {"body": "Có"},
        dict(anonymous=401, buyer=201, other_member=404, own_member=201, moderator=403),
    ),
    (
        "inquiry_close",
        "post",
        lambda w: f"/api/v1/inquiries/{w.inquiry.pk}/close/",
        {},
        dict(anonymous=401, buyer=200, other_member=404, own_member=200, moderator=200),
    ),
    (
        "vendor_reinstate",
        "post",
        lambda w: "/api/v1/vendors/own-suspended/reinstate/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "vendor_resubmit",
        "post",
        lambda w: "/api/v1/vendors/own-rejected/resubmit/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=403),
    ),
    (
        "product_withdraw",
        "post",
        lambda w: "/api/v1/products/pending/withdraw/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=403),
    ),
    (
        "product_restore",
        "post",
        lambda w: "/api/v1/products/archived/restore/",
        {},
        dict(anonymous=401, buyer=404, other_member=404, own_member=200, moderator=403),
    ),
    (
        "award_reject",
        "post",
        lambda w: f"/api/v1/awards/{w.award.pk}/reject/",
        {"reason": "Sai năm"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "award_revoke",
        "post",
        lambda w: f"/api/v1/awards/{verified_award()}/revoke/",
        {"reason": "Thu hồi"},
        dict(anonymous=401, buyer=404, other_member=404, own_member=403, moderator=200),
    ),
    (
        "me_update",
        "patch",
        lambda w: "/api/v1/me/",
        {"full_name": "Tên mới"},
        dict(anonymous=401, buyer=200, other_member=200, own_member=200, moderator=200),
    ),
    (
        # Erasure needs the account's password again: a wrong one erases nothing (D142).
        "me_erase",
        "post",
        lambda w: "/api/v1/me/erase/",
        {"password": "not-the-password"},
        dict(anonymous=401, buyer=400, other_member=400, own_member=400, moderator=400),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("name", "method", "url", "payload", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_permission_matrix(world, actor, name, method, url, payload, expected):
    client = client_for(world.users[actor])
    before = snapshot()
    response = getattr(client, method)(url(world), payload, format="json")
    assert response.status_code == expected[actor], (name, actor, response.content)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"type", "title", "status", "detail", "errors"}
        assert body["status"] == response.status_code
        assert snapshot() == before, f"{name} by {actor} was refused but changed data"
    else:
        assert snapshot() != before, f"{name} by {actor} succeeded but changed nothing"


def test_every_write_route_is_in_the_matrix():
    """A new write endpoint must join the matrix: compare with the router's write routes."""
    from django.urls import get_resolver

    covered = {c[0].split("_")[0] for c in CASES}
    assert {"vendor", "member", "product", "certificate", "award", "inquiry"} <= covered
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert any("api/v1/" in p for p in patterns)
    assert timezone.now() > timezone.now() - dt.timedelta(seconds=1)


@pytest.mark.parametrize("actor", ACTORS)
def test_invitation_accept_only_by_the_invited_address(world, actor):
    from marketplace.services.vendors import vendor_invite_member

    _inv, token = vendor_invite_member(
        vendor=world.vendor, actor=world.users["own_member"], email="buyer@example.vn"
    )
    before = snapshot()
    response = client_for(world.users[actor]).post(
        "/api/v1/invitations/accept/", {"token": token}, format="json"
    )
    expected = {"anonymous": 401, "buyer": 201}.get(actor, 409)
    assert response.status_code == expected
    if expected != 201:
        assert snapshot() == before
