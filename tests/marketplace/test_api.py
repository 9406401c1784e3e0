"""The exchange's API: sign-up, storefronts, invitations, me, stats, probes."""

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.errors import ValidationFailed
from core.models import AuditLog
from marketplace.models import User, Vendor, VendorMembership
from marketplace.services.users import user_register
from tests.conftest import client_for
from tests.factories import CertificateFactory, ProductFactory, UserFactory, VendorFactory

pytestmark = pytest.mark.django_db

STOREFRONT = {
    "kind": "cooperative",
    "legal_name": "Hợp tác xã Chè Thanh Ba",
    "display_name": "Chè Thanh Ba",
    "tax_code": "2600111222",
    "business_registration_number": "1801234567",
    "province": 25,
    "commune": 7900,
    "street_address": "Khu 3",
    "phone": "0210 3812 345",
    "email": "che@example.vn",
}


def test_register_then_login_with_jwt_then_me(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "Lan@Example.vn", "password": "che-thanh-ba-2025", "full_name": "Nguyễn Thị Lan"},
        format="json",
    )
    assert response.status_code == 202, response.content
    tokens = api_client.post(
        "/api/v1/auth/token/",
        {"email": "lan@example.vn", "password": "che-thanh-ba-2025"},
        format="json",
    ).json()
    assert set(tokens) == {"access", "refresh"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get("/api/v1/me/").json()
    assert me["email"] == "lan@example.vn"
    assert me["roles"] == ["buyer"]
    assert me["vendors"] == []


def test_wrong_password_is_401_in_the_one_shape(api_client, buyer):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": buyer.email, "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_weak_registration_refused_for_a_taken_email_too(api_client, buyer):
    r = api_client.post(
        "/api/v1/auth/register/",
        {"email": buyer.email, "password": "x", "full_name": "A"},
        format="json",
    )
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"password"}  # never "e-mail taken" (D106)
    assert User.objects.count() == 1


def test_open_a_storefront_then_approval(
    buyer_client, buyer, moderator_client, api_client, django_capture_on_commit_callbacks
):
    response = buyer_client.post("/api/v1/vendors/", STOREFRONT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["province"]["code"], body["commune"]["name"]) == (
        "pending",
        25,
        "Phường Việt Trì",
    )
    slug = body["slug"]
    assert VendorMembership.objects.get(vendor__slug=slug).user == buyer
    assert api_client.get(f"/api/v1/vendors/{slug}/").status_code == 404
    me = buyer_client.get("/api/v1/me/").json()
    assert "vendor_owner" in me["roles"]
    assert me["vendors"] == [
        {"slug": slug, "display_name": "Chè Thanh Ba", "status": "pending", "role": "owner"}
    ]

    queue = moderator_client.get("/api/v1/moderation/queue/").json()
    assert queue["vendors"]["pending"] == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert moderator_client.post(f"/api/v1/vendors/{slug}/approve/").status_code == 200
    assert api_client.get(f"/api/v1/vendors/{slug}/").json()["status"] == "approved"
    assert [m.to for m in mail.outbox] == [[buyer.email]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tax_code": "12345"}, "tax_code"),
        ({"tax_code": "260011122233"}, "tax_code"),  # 12 digits is a person's, not a cooperative's
        ({"phone": "12"}, "phone"),
        ({"commune": 4}, "commune"),  # Hoàn Kiếm is in Hà Nội, not Phú Thọ
        ({"commune": 123456789}, "commune"),
        ({"kind": "bank"}, "kind"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_storefront_input_is_400_nothing_written(buyer_client, change, field):
    response = buyer_client.post("/api/v1/vendors/", {**STOREFRONT, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Vendor.objects.exists()
    assert not AuditLog.objects.exists()


def test_legal_identity_is_locked_after_approval(vendor_client, vendor, moderator_client):
    response = vendor_client.patch(
        f"/api/v1/vendors/{vendor.slug}/", {"tax_code": "2600000999"}, format="json"
    )
    assert response.status_code == 409
    assert "tax_code" in response.json()["errors"]
    assert (
        moderator_client.patch(
            f"/api/v1/vendors/{vendor.slug}/", {"tax_code": "2600000999"}, format="json"
        ).status_code
        == 200
    )


def test_invite_staff_and_accept(vendor_client, vendor, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = vendor_client.post(
            f"/api/v1/vendors/{vendor.slug}/members/", {"email": "Staff@Example.vn"}, format="json"
        )
    assert response.status_code == 201
    token = mail.outbox[0].body.rsplit(" ", 1)[-1].strip()
    staff = UserFactory(email="staff@example.vn")
    wrong = UserFactory(email="wrong@example.vn")
    assert (
        client_for(wrong).post("/api/v1/invitations/accept/", {"token": token}).status_code == 409
    )
    accepted = client_for(staff).post("/api/v1/invitations/accept/", {"token": token})
    assert accepted.status_code == 201
    assert accepted.json()["role"] == "staff"
    assert (
        client_for(staff).post("/api/v1/invitations/accept/", {"token": token}).status_code == 409
    )
    # staff may list products of its storefront but not invite
    assert (
        client_for(staff)
        .post(f"/api/v1/vendors/{vendor.slug}/members/", {"email": "x@example.vn"})
        .status_code
        == 403
    )
    members = vendor_client.get(f"/api/v1/vendors/{vendor.slug}/members/").json()
    assert members["count"] == 2  # paged like every list (D116)
    assert {m["email"] for m in members["results"]} == {"owner@example.vn", "staff@example.vn"}


def test_last_owner_cannot_leave(vendor_client, vendor, owner):
    membership = VendorMembership.objects.get(vendor=vendor, user=owner)
    assert (
        vendor_client.delete(f"/api/v1/vendors/{vendor.slug}/members/{membership.pk}/").status_code
        == 409
    )
    assert VendorMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(
    ("language", "title"),
    [("vi", "Không tìm thấy."), ("en", "Not found.")],
)
def test_errors_follow_accept_language(api_client, language, title):
    response = api_client.get("/api/v1/products/no-such-thing/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json()["title"] == title


def test_validation_messages_in_vietnamese_by_default(buyer_client):
    body = buyer_client.post("/api/v1/vendors/", {}, format="json").json()
    assert body["title"] == "Một số trường không hợp lệ."
    assert body["errors"]["legal_name"] == ["Trường này là bắt buộc."]
    english = buyer_client.post(
        "/api/v1/vendors/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["errors"]["legal_name"] == ["This field is required."]


def test_unknown_api_url_is_404_in_the_one_shape(api_client):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert set(response.json()) == {"type", "title", "status", "detail", "errors"}


def test_stats_public_and_moderator(api_client, moderator_client, vendor, other_vendor):
    p1 = ProductFactory(vendor=vendor)
    ProductFactory(vendor=vendor, status="draft")
    p3 = ProductFactory(vendor=other_vendor)
    CertificateFactory(product=p1, stars=4)
    CertificateFactory(product=p3, stars=5, score=93, issuing_level="national")
    VendorFactory(status="pending")
    body = api_client.get("/api/v1/stats/").json()
    assert body["storefronts"]["approved"] == 2
    assert body["storefronts"]["by_status"] == {"approved": 2, "pending": 1}
    assert body["products"]["published"] == 2
    assert body["ocop"] == {"products": 2, "by_stars": {"3": 0, "4": 1, "5": 1}}
    phu_tho = next(p for p in body["by_province"] if p["code"] == 25)
    assert (phu_tho["storefronts"], phu_tho["products"], phu_tho["ocop_products"]) == (2, 2, 2)
    food = next(c for c in body["by_category"] if c["slug"] == "thuc-pham")
    assert food["products"] == 2
    assert "moderation" not in body
    finer = moderator_client.get("/api/v1/stats/").json()
    assert finer["moderation"]["queue"]["vendors"]["pending"] == 1
    # Each app's figures for staff, merged from the apps that registered them.
    assert {
        "storefronts_by_kind_and_status",  # marketplace
        "certificates_by_status",  # catalog
        "awards_by_level",  # catalog
        "inquiries_by_status",  # orders
    } <= set(finer["moderation"])
    assert finer["moderation"]["products_by_status_all_storefronts"] == [
        {"status": "draft", "count": 1},
        {"status": "published", "count": 2},
    ]


def test_regions_and_categories(api_client):
    provinces = api_client.get("/api/v1/regions/provinces/").json()
    assert len(provinces) == 34
    assert {"code": 25, "name": "Phú Thọ"}.items() <= next(
        p for p in provinces if p["code"] == 25
    ).items()
    communes = api_client.get("/api/v1/regions/provinces/25/communes/").json()
    assert {c["name"] for c in communes} >= {"Phường Việt Trì", "Xã Đoan Hùng", "Xã Tam Đảo"}
    tree = api_client.get("/api/v1/categories/").json()
    assert [n["slug"] for n in tree][:6] == [
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    ]
    assert any(n["slug"] == "cong-nghiep-nong-thon" for n in tree)


def test_probes_and_schema(api_client):
    assert api_client.get("/healthz").json() == {"status": "ok"}
    ready = api_client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert ready["checks"] == {"database": "ok", "cache": "ok", "search": "ok"}
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for stable in [
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/products/",
        "/api/v1/products/{slug}/",
        "/api/v1/vendors/",
        "/api/v1/vendors/{slug}/",
        "/api/v1/categories/",
        "/api/v1/regions/provinces/",
        "/api/v1/regions/provinces/{code}/communes/",
        "/api/v1/stats/",
    ]:
        assert stable in paths, stable
    assert api_client.get("/api/docs/").status_code == 200


def test_login_is_rate_limited_with_retry_after(api_client, buyer, settings):
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "login": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ScopedRateThrottle.THROTTLE_RATES = rates
    # Counts are per one-minute window (D88): a frozen clock keeps the test inside one.
    clock = time_machine.travel(timezone.now(), tick=False)
    clock.start()
    try:
        codes = [
            api_client.post(
                "/api/v1/auth/token/", {"email": buyer.email, "password": "x"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        last = api_client.post("/api/v1/auth/token/", {"email": buyer.email, "password": "x"})
        assert last.json()["status"] == 429
        assert int(last["Retry-After"]) > 0
    finally:
        from rest_framework.settings import api_settings

        clock.stop()
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.parametrize("rows", [3, 30])
def test_stats_cost_does_not_grow_with_the_catalogue(
    api_client, vendor, rows, django_assert_num_queries
):
    for product in ProductFactory.create_batch(rows, vendor=vendor):
        CertificateFactory(product=product)
    with django_assert_num_queries(15):
        body = api_client.get("/api/v1/stats/").json()
    assert body["ocop"]["products"] == rows


def test_registration_is_a_service_with_an_audit_row(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "Hoa@Example.vn", "password": "mat-ong-thanh-thuy", "full_name": "Lê Thị Hoa"},
        format="json",
    )
    assert response.status_code == 202, response.content
    user = User.objects.get(email="hoa@example.vn")
    entry = AuditLog.objects.get(action="marketplace.user.registered")
    assert entry.actor == user
    assert entry.target_id == str(user.pk)


def test_registration_service_opens_no_second_account_for_a_taken_email(buyer):
    with pytest.raises(ValidationFailed) as refused:
        user_register(email=buyer.email.upper(), password="123", full_name="A")
    assert set(refused.value.errors) == {"password"}
    assert user_register(email=buyer.email.upper(), password="mat-ong-1-2-3", full_name="A") is None
    assert User.objects.count() == 1
    assert not AuditLog.objects.filter(action="marketplace.user.registered").exists()


def test_registration_with_a_common_password_is_refused_by_the_service(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "an@example.vn", "password": "password123", "full_name": "An"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["password"]
    assert not User.objects.filter(email="an@example.vn").exists()
