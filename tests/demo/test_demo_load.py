"""`manage.py demo_load`: what the demo province holds, and how the command behaves.

The demo is loaded once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint within it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from catalog.models import (
    CertificateStatus,
    IssuingLevel,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
)
from catalog.services.certificates import add_months, stars_for_score
from catalog.validators import validate_gtin
from demo.generator import demo_build
from demo.products import FLAGSHIPS, THEMES
from leads.models import Lead
from marketplace.models import (
    Commune,
    MemberRole,
    User,
    Vendor,
    VendorMembership,
    VendorStatus,
)
from marketplace.validators import validate_phone, validate_tax_code
from orders.models import Inquiry, InquiryMessage, Review

pytestmark = pytest.mark.django_db

PASSWORD = "demo12345"
PHU_THO = 25
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("demo_load", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output: str, settings) -> str:
    settings.DEBUG = True
    return demo_output


def table_counts() -> dict[str, int]:
    models = (User, Vendor, VendorMembership, Product, OcopCertificate, RuralIndustryAward)
    counts = {m.__name__: m.objects.count() for m in models}
    counts["Inquiry"] = Inquiry.objects.count()
    counts["InquiryMessage"] = InquiryMessage.objects.count()
    return counts


# --- storefronts and accounts --------------------------------------------------------------


def test_loads_an_exchange_the_size_of_the_real_one(demo):
    approved = Vendor.objects.filter(status=VendorStatus.APPROVED)
    assert approved.count() >= 340  # the real exchange: 333 storefronts
    assert not approved.filter(approved_at__isnull=True).exists()
    published = Product.objects.filter(
        status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED
    )
    assert published.count() >= 1040  # the real exchange: 1,013 products
    assert not published.filter(published_at__isnull=True).exists()
    assert set(Vendor.objects.values_list("kind", flat=True)) == {
        "enterprise",
        "cooperative",
        "household",
        "individual",
    }


def test_demo_accounts_sign_in_with_the_published_password(demo):
    moderator = authenticate(email="moderator@demo.local", password=PASSWORD)
    organizer = authenticate(email="organizer@demo.local", password=PASSWORD)
    buyer = authenticate(email="buyer@demo.local", password=PASSWORD)
    assert moderator is not None and moderator.is_moderator and moderator.is_staff
    assert organizer is not None and organizer.is_organizer and not organizer.is_moderator
    assert buyer is not None and not buyer.is_moderator and not buyer.is_organizer
    last = Vendor.objects.count()
    for email in ("vendor1@demo.local", f"vendor{last}@demo.local"):
        assert authenticate(email=email, password=PASSWORD) is not None
    assert authenticate(email="moderator@demo.local", password="wrong-password") is None


def test_every_storefront_has_its_own_vendor_k_owner(demo):
    vendors = Vendor.objects.count()
    owners = VendorMembership.objects.filter(role=MemberRole.OWNER)
    assert owners.count() == vendors == VendorMembership.objects.count()
    assert not Vendor.objects.annotate(n=Count("memberships")).exclude(n=1).exists()
    emails = sorted(owners.values_list("user__email", flat=True))
    assert emails == sorted(f"vendor{k}@demo.local" for k in range(1, vendors + 1))
    first = owners.select_related("vendor").get(user__email="vendor1@demo.local").vendor
    assert first.display_name == "HTX Mì gạo Hùng Lô"


def test_storefronts_pass_validation_with_invented_identities(demo):
    vendors = list(Vendor.objects.order_by("id"))
    for vendor in vendors[::7]:
        vendor.full_clean()
    for vendor in vendors:
        validate_tax_code(vendor.tax_code)
        validate_phone(vendor.phone)
        # Invented on purpose: 99… (10 digits) and 999… (12 digits) are not issued codes.
        assert vendor.tax_code.startswith("99")
        assert len(vendor.tax_code) == 10 or vendor.kind in ("household", "individual")
        assert vendor.email.endswith("@demo.local")
    assert len({v.tax_code for v in vendors}) == len(vendors)


def test_every_address_is_a_commune_of_phu_tho(demo):
    assert set(Vendor.objects.values_list("province_id", flat=True)) == {PHU_THO}
    assert set(Vendor.objects.values_list("commune__province_id", flat=True)) == {PHU_THO}
    assert set(Product.objects.values_list("origin_province_id", flat=True)) == {PHU_THO}
    assert set(Product.objects.values_list("origin_commune__province_id", flat=True)) == {PHU_THO}
    names = set(Vendor.objects.values_list("commune__name", flat=True))
    assert {"Xã Đoan Hùng", "Xã Thanh Ba", "Xã Thanh Sơn", "Phường Vân Phú", "Xã Tam Đảo"} <= names
    assert len(names) > 60


def test_named_communes_exist_in_the_commune_table(demo):
    communes = set(Commune.objects.filter(province_id=PHU_THO).values_list("name", flat=True))
    assert {f.commune for f in FLAGSHIPS} <= communes
    named = {name for theme in THEMES.values() for name in theme.communes}
    assert named <= communes, sorted(named - communes)


# --- products ------------------------------------------------------------------------------


def test_products_pass_validation(demo):
    products = list(Product.objects.select_related("origin_commune").order_by("id"))
    for product in products[::11]:
        product.full_clean()
    with_gtin = [p for p in products if p.gtin]
    assert len(with_gtin) > 100
    for product in with_gtin:
        validate_gtin(product.gtin)
        assert product.gtin.startswith("893") and len(product.gtin) == 13
    assert len({p.gtin for p in with_gtin}) == len(with_gtin)
    for product in products:
        assert product.origin_province_id == product.origin_commune.province_id
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in product.attributes.items())
        assert 2 <= product.description.count(". ") + 1 <= 5
    on_request = [p for p in products if p.price_on_request]
    assert on_request and all(p.price is None for p in on_request)
    assert all(p.price and p.price % 1000 == 0 for p in products if not p.price_on_request)
    assert len({p.name for p in products}) > 0.95 * len(products)


def test_flagship_products_carry_their_known_stars(demo):
    today = timezone.localdate()
    expected = {
        "Mì gạo Hùng Lô": 5,
        "Chè búp tím Thanh Ba": 5,
        "Trà đinh Hoài Trung": 5,
        "Bưởi Sửu Chí Đám": 4,
        "Hồng không hạt Gia Thanh": 4,
        "Đông trùng hạ thảo Tam Đảo": 4,
        "Mì gạo lứt Lâm Thao": 3,
        "Mật ong rừng Thanh Thủy": 3,
        "Cá thính Đồng Nung": 3,
    }
    for name, stars in expected.items():
        cert = OcopCertificate.objects.get(product__name=name)
        assert cert.stars == stars, name
        assert cert.status == CertificateStatus.VERIFIED and cert.expires_on > today, name
        assert cert.product.status == ProductStatus.PUBLISHED
    for name in ("Thịt chua Thanh Sơn", "Bưởi Đoan Hùng", "Bộ thìa dĩa tre", "Nón lá chằm tay"):
        assert Product.objects.filter(name=name, status=ProductStatus.PUBLISHED).exists()


# --- certificates and awards ---------------------------------------------------------------


def test_certificates_follow_the_ocop_rules(demo):
    certs = list(OcopCertificate.objects.select_related("product"))
    assert 280 <= len(certs) <= 330
    for cert in certs:
        assert stars_for_score(cert.score) == cert.stars, cert
        if cert.stars == 5:
            assert cert.issuing_level == IssuingLevel.NATIONAL
            assert cert.issuing_body == "Bộ Nông nghiệp và Môi trường"
        else:
            assert cert.issuing_level == IssuingLevel.PROVINCE
            assert cert.issuing_body == "UBND tỉnh Phú Thọ"
        assert cert.decision_date <= cert.issue_date
        assert cert.expires_on == add_months(cert.issue_date, 36)
        assert cert.vendor_id == cert.product.vendor_id
        assert (cert.verified_at is None) == (cert.status == CertificateStatus.PENDING_VERIFICATION)
    assert {c.stars for c in certs} == {3, 4, 5}


def test_some_certificates_are_expired_by_date(demo):
    today = timezone.localdate()
    certs = OcopCertificate.objects.all()
    stale = certs.filter(status=CertificateStatus.VERIFIED, expires_on__lte=today)
    assert stale.count() >= 10  # still "verified": reads must hide their stars by date
    assert certs.filter(status=CertificateStatus.EXPIRED, expires_on__lte=today).count() >= 10
    assert not certs.filter(status=CertificateStatus.EXPIRED, expires_on__gt=today).exists()
    valid = certs.filter(status=CertificateStatus.VERIFIED, expires_on__gt=today)
    assert valid.count() > 0.8 * certs.count()


def test_awards_are_consistent(demo):
    awards = list(RuralIndustryAward.objects.select_related("product"))
    assert len(awards) >= 30
    levels = Counter(a.level for a in awards)
    assert set(levels) == {"province", "regional", "national"}
    for award in awards:
        assert 2016 <= award.year <= 2024
        assert bool(award.region) == (award.level == "regional")
        assert award.vendor_id == award.product.vendor_id
    assert sum(a.status == "verified" for a in awards) > 0.8 * len(awards)


# --- moderation queues and inquiries -------------------------------------------------------


def test_moderators_have_work_waiting(demo):
    assert Vendor.objects.filter(status=VendorStatus.PENDING).count() >= 8
    assert not Vendor.objects.filter(
        status=VendorStatus.PENDING, approved_at__isnull=False
    ).exists()
    for status in (VendorStatus.SUSPENDED, VendorStatus.REJECTED):
        vendor = Vendor.objects.get(status=status)
        assert vendor.status_reason
    pending = Product.objects.filter(status=ProductStatus.PENDING_REVIEW)
    assert pending.count() >= 12
    assert not pending.filter(submitted_at__isnull=True).exists()
    rejected = Product.objects.filter(status=ProductStatus.REJECTED)
    assert rejected.exists() and not rejected.filter(status_reason="").exists()
    assert Product.objects.filter(status=ProductStatus.DRAFT).exists()
    assert Product.objects.filter(status=ProductStatus.ARCHIVED).exists()
    waiting = OcopCertificate.objects.filter(status=CertificateStatus.PENDING_VERIFICATION)
    assert waiting.count() >= 6
    assert not waiting.filter(expires_on__lte=timezone.localdate()).exists()


def test_buyer_inquiries_some_answered_by_the_storefront(demo):
    inquiries = list(Inquiry.objects.select_related("product", "buyer"))
    assert len(inquiries) >= 10
    assert {q.buyer.email for q in inquiries} == {"buyer@demo.local"}
    answered = 0
    for inquiry in inquiries:
        assert inquiry.vendor_id == inquiry.product.vendor_id
        messages = list(inquiry.messages.select_related("author"))
        assert messages and not messages[0].from_vendor
        for message in messages:
            if message.from_vendor:
                owner = VendorMembership.objects.get(vendor=inquiry.vendor_id, role="owner")
                assert message.author_id == owner.user_id
        answered += any(m.from_vendor for m in messages)
        assert inquiry.created_at <= inquiry.updated_at
    assert answered >= 5
    assert Counter(q.status for q in inquiries).keys() == {"open", "answered", "closed"}


# --- the command ---------------------------------------------------------------------------


def test_output_has_a_summary_and_the_accounts(demo):
    assert "Storefronts: 340 approved, 8 pending, 1 suspended, 1 rejected" in demo
    assert "Demo accounts (password: demo12345)" in demo
    for email in ("moderator@demo.local", "organizer@demo.local", "buyer@demo.local"):
        assert email in demo
    last = Vendor.objects.count()
    assert f"vendor1@demo.local … vendor{last}@demo.local" in demo
    assert "(vendor1 → HTX Mì gạo Hùng Lô)" in demo
    assert "/admin/" in demo
    assert "Try a checkout as buyer@demo.local" in demo and "docs/buyers.md" in demo


def test_second_run_adds_nothing_and_prints_the_accounts(demo):
    before = table_counts()
    out = StringIO()
    call_command("demo_load", stdout=out)
    assert table_counts() == before
    assert "already loaded" in out.getvalue()
    assert "moderator@demo.local" in out.getvalue()


def test_refuses_to_run_without_debug(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        call_command("demo_load", stdout=StringIO())
    out = StringIO()
    call_command("demo_load", allow_production=True, stdout=out)
    assert "already loaded" in out.getvalue()


# --- the generator -------------------------------------------------------------------------


def test_generator_is_deterministic_and_reads_no_database(demo, django_assert_num_queries):
    communes = list(Commune.objects.filter(province_id=PHU_THO).values_list("code", "name"))
    today = timezone.localdate()
    with django_assert_num_queries(0):
        first = demo_build(communes=communes, today=today)
        second = demo_build(communes=list(reversed(communes)), today=today)
    assert first == second

    def digest(data) -> str:
        rows = "\n".join(f"{p.slug}|{p.name}|{p.price}" for p in data.products)
        return hashlib.sha256(rows.encode()).hexdigest()

    assert digest(first) == digest(second)
    assert digest(demo_build(communes=communes, today=today, seed=7)) != digest(first)
    loaded = set(Product.objects.values_list("slug", "name", "price"))
    assert {(p.slug, p.name, p.price) for p in first.products} == loaded


# --- the partner change feed ----------------------------------------------------------------


def test_the_change_feed_starts_with_every_public_object(demo):
    from catalog.selectors import product_public_filter
    from partners.models import Change

    assert "Change feed:" in demo
    snapshot = Change.objects.filter(event="snapshot")
    assert set(snapshot.filter(kind="product").values_list("object_id", flat=True)) == set(
        Product.objects.filter(product_public_filter()).values_list("pk", flat=True)
    )
    assert set(snapshot.filter(kind="vendor").values_list("object_id", flat=True)) == set(
        Vendor.objects.filter(status="approved").values_list("pk", flat=True)
    )


def test_demo_buyer_has_orders_in_several_states_including_vendor1s(demo):
    from orders.models import Order

    orders = Order.objects.filter(buyer__email="buyer@demo.local")
    states = set(orders.values_list("status", flat=True))
    assert {"placed", "confirmed", "shipped", "completed", "cancelled"} <= states
    assert orders.values("vendor").distinct().count() >= 3
    vendor1 = Vendor.objects.get(memberships__user__email="vendor1@demo.local")
    mine = orders.filter(vendor=vendor1)
    assert mine.count() >= 3
    assert set(mine.values_list("payment_method", flat=True)) == {"cod", "bank_transfer"}
    assert "Orders: " in demo


def test_vendor1_has_reviews_with_replies_and_a_rating(demo):
    vendor1 = Vendor.objects.get(memberships__user__email="vendor1@demo.local")
    reviews = Review.objects.filter(vendor=vendor1, status="published")
    assert reviews.filter(order_line__isnull=False).exists()
    assert reviews.filter(order_line__isnull=True).exists()
    assert not reviews.filter(replied_at__isnull=True).exists()
    vendor1.refresh_from_db()
    assert vendor1.rating_count == 1
    assert Product.objects.filter(vendor=vendor1, rating_count__gt=0).exists()
    assert "Reviews: 2" in demo


def test_demo_buyer_has_an_open_complaint_answered_by_the_storefront(demo):
    from orders.models import Complaint

    complaint = Complaint.objects.get(order__buyer__email="buyer@demo.local")
    assert complaint.status == "answered"
    assert list(complaint.messages.values_list("role", flat=True)) == ["buyer", "storefront"]
    assert "complaints: 1" in demo


def test_demo_has_buy_and_sell_leads_in_several_categories(demo, api_client):
    """Issue 14: demo leads, published by the moderator through the services; one waits."""
    assert "Leads: " in demo
    public = api_client.get("/api/v1/leads/", {"page_size": 50}).json()["results"]
    kinds = {lead["kind"] for lead in public}
    assert kinds == {"buy", "sell"}
    assert len({lead["category"] for lead in public}) >= 4
    assert Lead.objects.filter(status="pending").count() == 1
    found = api_client.get("/api/v1/search/leads/", {"q": "buoi doan hung"}).json()["results"]
    assert {lead["kind"] for lead in found} == {"buy", "sell"}
