"""Every lifecycle action tried from every status: legal moves change the status and write an
audit row (who, from, to, reason); illegal ones answer 409 and change nothing."""

from __future__ import annotations

import pytest

from catalog.models import AwardStatus, CertificateStatus, ProductStatus, RuralIndustryAward
from core.models import AuditLog
from marketplace.models import VendorStatus
from tests.conftest import client_for
from tests.factories import CertificateFactory, MembershipFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

# action → (who acts, statuses it may start from, status it leads to)
VENDOR_ACTIONS = {
    "approve": ("moderator", {"pending", "suspended"}, "approved"),
    "reject": ("moderator", {"pending"}, "rejected"),
    "suspend": ("moderator", {"approved"}, "suspended"),
    "reinstate": ("moderator", {"pending", "suspended"}, "approved"),
    "resubmit": ("owner", {"rejected"}, "pending"),
}
PRODUCT_ACTIONS = {
    "submit": ("owner", {"draft", "rejected"}, "pending_review"),
    "withdraw": ("owner", {"pending_review"}, "draft"),
    "approve": ("moderator", {"pending_review"}, "published"),
    "reject": ("moderator", {"pending_review"}, "rejected"),
    "archive": ("owner", {"draft", "rejected", "published"}, "archived"),
    "restore": ("owner", {"archived"}, "draft"),
}
CERTIFICATE_ACTIONS = {
    "verify": ("moderator", {"pending_verification"}, "verified"),
    "reject": ("moderator", {"pending_verification"}, "rejected"),
    "revoke": ("moderator", {"verified"}, "revoked"),
}
AWARD_ACTIONS = {
    "verify": ("moderator", {"pending_verification"}, "verified"),
    "reject": ("moderator", {"pending_verification"}, "rejected"),
    "revoke": ("moderator", {"verified"}, "revoked"),
}


def cases(actions, statuses):
    return [(a, s) for a in actions for s in statuses]


def run(client, url, start, target, legal, obj):
    audit_before = AuditLog.objects.count()
    response = client.post(url, {"reason": "Lý do kiểm tra"}, format="json")
    obj.refresh_from_db()
    if legal:
        assert response.status_code == 200, response.content
        assert obj.status == target
        entry = AuditLog.objects.order_by("-id").first()
        assert (entry.from_state, entry.to_state) == (start, target)
        assert entry.actor is not None
        assert entry.reason in ("Lý do kiểm tra", "")
    else:
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["type"].endswith("illegal_transition")
        assert obj.status == start
        assert AuditLog.objects.count() == audit_before


@pytest.mark.parametrize(("action", "start"), cases(VENDOR_ACTIONS, VendorStatus.values))
def test_vendor_lifecycle(action, start, owner, moderator):
    vendor = VendorFactory(status=start)
    MembershipFactory(vendor=vendor, user=owner)
    who, sources, target = VENDOR_ACTIONS[action]
    client = client_for(moderator if who == "moderator" else owner)
    run(client, f"/api/v1/vendors/{vendor.slug}/{action}/", start, target, start in sources, vendor)


@pytest.mark.parametrize(("action", "start"), cases(PRODUCT_ACTIONS, ProductStatus.values))
def test_product_lifecycle(action, start, vendor, owner, moderator):
    product = ProductFactory(vendor=vendor, status=start)
    who, sources, target = PRODUCT_ACTIONS[action]
    client = client_for(moderator if who == "moderator" else owner)
    run(
        client,
        f"/api/v1/products/{product.slug}/{action}/",
        start,
        target,
        start in sources,
        product,
    )


@pytest.mark.parametrize(("action", "start"), cases(CERTIFICATE_ACTIONS, CertificateStatus.values))
def test_certificate_lifecycle(action, start, product, moderator):
    cert = CertificateFactory(product=product, status=start)
    _who, sources, target = CERTIFICATE_ACTIONS[action]
    run(
        client_for(moderator),
        f"/api/v1/certificates/{cert.pk}/{action}/",
        start,
        target,
        start in sources,
        cert,
    )


@pytest.mark.parametrize(("action", "start"), cases(AWARD_ACTIONS, AwardStatus.values))
def test_award_lifecycle(action, start, product, moderator):
    award = RuralIndustryAward.objects.create(
        product=product,
        vendor=product.vendor,
        level="national",
        year=2020,
        product_group="processed_food",
        issuer="Bộ Công Thương",
        status=start,
    )
    _who, sources, target = AWARD_ACTIONS[action]
    run(
        client_for(moderator),
        f"/api/v1/awards/{award.pk}/{action}/",
        start,
        target,
        start in sources,
        award,
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/vendors/{vendor}/reject/", VendorStatus.PENDING),
        ("/api/v1/vendors/{vendor}/suspend/", VendorStatus.APPROVED),
        ("/api/v1/products/{product}/reject/", ProductStatus.PENDING_REVIEW),
        ("/api/v1/certificates/{cert}/reject/", CertificateStatus.PENDING_VERIFICATION),
        ("/api/v1/certificates/{cert}/revoke/", CertificateStatus.VERIFIED),
    ],
)
def test_refusals_need_a_reason(url, status, moderator):
    vendor = VendorFactory(status=status if "vendors" in url else VendorStatus.APPROVED)
    product = ProductFactory(vendor=vendor, status=status if "products" in url else "published")
    cert = CertificateFactory(
        product=product, status=status if "certificates" in url else "verified"
    )
    response = client_for(moderator).post(
        url.format(vendor=vendor.slug, product=product.slug, cert=cert.pk),
        {"reason": "  "},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    for obj in (vendor, product, cert):
        before = obj.status
        obj.refresh_from_db()
        assert obj.status == before
    assert not AuditLog.objects.exists()


def test_moderator_take_down_needs_reason_and_is_audited(product, moderator):
    client = client_for(moderator)
    assert (
        client.post(f"/api/v1/products/{product.slug}/archive/", {}, format="json").status_code
        == 400
    )
    response = client.post(
        f"/api/v1/products/{product.slug}/archive/", {"reason": "Yêu cầu của cơ quan chức năng"}
    )
    assert response.status_code == 200
    entry = AuditLog.objects.get(action="catalog.product.taken_down")
    assert entry.actor == moderator
    assert entry.reason == "Yêu cầu của cơ quan chức năng"


def test_audit_log_lists_decisions_for_moderators_only(product, moderator, buyer, owner):
    client_for(owner).post(f"/api/v1/products/{product.slug}/archive/", {})
    body = (
        client_for(moderator)
        .get("/api/v1/moderation/audit-log/", {"target_type": "catalog.product"})
        .json()
    )
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["action"], row["actor"], row["from_state"], row["to_state"]) == (
        "catalog.product.archived",
        owner.email,
        "published",
        "archived",
    )
    assert client_for(buyer).get("/api/v1/moderation/audit-log/").status_code == 403
