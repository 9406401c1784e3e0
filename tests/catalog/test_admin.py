"""The catalogue admin: product, certificate and award moderation, the category tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import (
    AwardLevel,
    AwardProductGroup,
    AwardStatus,
    Category,
    CategoryKind,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
)
from core.models import AuditLog
from core.signals import public_changed
from marketplace.models import User
from search.models import IndexKind, IndexQueue
from tests.factories import CertificateFactory, ProductFactory, unit

CATALOG_MODELS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "catalog"
)
PRODUCTS_URL = reverse("admin:catalog_product_changelist")
CERTIFICATES_URL = reverse("admin:catalog_ocopcertificate_changelist")
AWARDS_URL = reverse("admin:catalog_ruralindustryaward_changelist")


@pytest.fixture
def mod_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


@pytest.fixture
def super_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.vn", "secret-pass-123"))
    return client


def make_award(product: Product, **fields) -> RuralIndustryAward:
    values = {
        "product": product,
        "vendor": product.vendor,
        "level": AwardLevel.PROVINCE,
        "year": 2024,
        "product_group": AwardProductGroup.PROCESSED_FOOD,
        "issuer": "UBND tỉnh Phú Thọ",
        **fields,
    }
    return RuralIndustryAward.objects.create(**values)


@pytest.fixture
def populated(product):
    CertificateFactory(product=product)
    make_award(product)


def post_action(client: Client, url: str, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects], **extra}
    return client.post(url, data)


def sent_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def audit_rows(obj) -> list[tuple]:
    return list(
        AuditLog.objects.filter(target_id=str(obj.pk), target_type__model=obj._meta.model_name)
        .order_by("id")
        .values_list("action", "actor", "reason", "from_state", "to_state")
    )


def test_every_catalog_model_is_registered():
    assert CATALOG_MODELS == [
        "category",
        "ocopcertificate",
        "product",
        "ruralindustryaward",
        "unit",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", CATALOG_MODELS)
def test_changelist_and_change_page_load_for_moderator(mod_client, populated, model_name):
    response = mod_client.get(reverse(f"admin:catalog_{model_name}_changelist"))
    assert response.status_code == 200
    first = response.context["cl"].result_list[0]
    response = mod_client.get(reverse(f"admin:catalog_{model_name}_change", args=[first.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_product_search_and_filters(mod_client, product):
    other = ProductFactory(name="Chè xanh Thanh Ba", gtin="8938505974194")
    assert list(mod_client.get(PRODUCTS_URL, {"q": "Hùng Lô"}).context["cl"].result_list) == [
        product
    ]
    assert list(mod_client.get(PRODUCTS_URL, {"q": "8938505974194"}).context["cl"].result_list) == [
        other
    ]
    by_vendor = mod_client.get(PRODUCTS_URL, {"q": product.vendor.display_name})
    assert list(by_vendor.context["cl"].result_list) == [product]
    filtered = mod_client.get(
        PRODUCTS_URL,
        {
            "status__exact": "published",
            "category__kind__exact": CategoryKind.OCOP,
            "origin_province__code__exact": product.origin_province_id,
        },
    )
    assert filtered.status_code == 200
    assert set(filtered.context["cl"].result_list) == {product, other}


@pytest.mark.django_db
def test_product_changelist_queries_do_not_grow_with_rows(mod_client):
    ProductFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert mod_client.get(PRODUCTS_URL).status_code == 200
    ProductFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        assert mod_client.get(PRODUCTS_URL).status_code == 200
    assert len(many) == len(few)


# --- editing products ------------------------------------------------------------------------


def product_form_data(product: Product, **changes) -> dict:
    data = {
        "name": product.name,
        "category": product.category_id,
        "description": product.description,
        "price": product.price or "",
        "unit": product.unit_id,
        "min_order_quantity": product.min_order_quantity,
        "availability": product.availability,
        "origin_commune": product.origin_commune_id,
        "gtin": product.gtin,
        "attributes": "{}",
        "_save": "Save",
        **EMPTY_IMAGES_INLINE,
    }
    data.update(changes)
    return data


# The gallery inline (media.admin) posts its management form even when untouched.
EMPTY_IMAGES_INLINE = {
    "images-TOTAL_FORMS": "0",
    "images-INITIAL_FORMS": "0",
    "images-MIN_NUM_FORMS": "0",
    "images-MAX_NUM_FORMS": "1000",
}


@pytest.mark.django_db
def test_moderator_edits_a_product_through_the_service(mod_client, moderator, product):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(url, product_form_data(product, price="52000", status="archived"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == 52000
    assert product.status == ProductStatus.PUBLISHED
    assert audit_rows(product) == [("catalog.product.updated", moderator.pk, "", "", "")]


@pytest.mark.django_db
def test_price_on_request_clears_the_price(mod_client, product):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    response = mod_client.post(url, product_form_data(product, price_on_request="on"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.price_on_request) == (None, True)


@pytest.mark.django_db
def test_a_refused_edit_changes_nothing_and_says_why(mod_client, product):
    Product.objects.filter(pk=product.pk).update(status=ProductStatus.ARCHIVED)
    url = reverse("admin:catalog_product_change", args=[product.pk])
    response = mod_client.post(url, product_form_data(product, name="Tên mới"))
    assert response.status_code == 302
    assert response["Location"] == url
    [(level, _text)] = sent_messages(response)
    assert level == messages.ERROR
    product.refresh_from_db()
    assert product.name == "Mì gạo Hùng Lô"
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_adding_a_product_needs_the_model_permission(mod_client, super_client, vendor):
    url = reverse("admin:catalog_product_add")
    assert mod_client.get(url).status_code == 403
    assert super_client.get(url).status_code == 200
    data = product_form_data(
        ProductFactory.build(vendor=vendor),
        vendor=vendor.pk,
        slug="mi-gao-moi",
        price="30000",
        status="published",
    )
    response = super_client.post(url, data)
    assert response.status_code == 302
    created = Product.objects.get(slug="mi-gao-moi")
    assert created.status == ProductStatus.DRAFT
    assert created.origin_province_id == created.origin_commune.province_id
    assert audit_rows(created)[0][0] == "catalog.product.created"


@pytest.mark.django_db
def test_a_product_added_here_is_queued_for_search_and_audited(super_client, vendor):
    """Added through product_create, on the storefront's behalf: the superuser is no member."""
    response = super_client.post(
        reverse("admin:catalog_product_add"),
        product_form_data(
            ProductFactory.build(vendor=vendor), vendor=vendor.pk, slug="che-moi", price="45000"
        ),
    )
    assert response.status_code == 302
    created = Product.objects.get(slug="che-moi")
    assert response["Location"] == reverse("admin:catalog_product_changelist")
    assert (created.vendor, created.price, created.status) == (vendor, 45000, ProductStatus.DRAFT)
    assert created.created_by.email == "root@example.vn"
    assert not vendor.memberships.filter(user=created.created_by).exists()
    assert IndexQueue.objects.filter(kind=IndexKind.PRODUCT, object_id=created.pk).exists()
    assert audit_rows(created) == [
        ("catalog.product.created", created.created_by_id, "", "", ProductStatus.DRAFT)
    ]
    row = AuditLog.objects.get(action="catalog.product.created", target_id=str(created.pk))
    assert row.data == {"on_behalf": True}


@pytest.mark.django_db
def test_a_product_edit_here_reaches_search_and_the_partner_feed(mod_client, product):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((kwargs["kind"], kwargs["object_ids"], kwargs["event"]))

    public_changed.connect(receiver, dispatch_uid="test-admin-edit")
    try:
        url = reverse("admin:catalog_product_change", args=[product.pk])
        response = mod_client.post(url, product_form_data(product, price="61000"))
    finally:
        public_changed.disconnect(dispatch_uid="test-admin-edit")
    assert response.status_code == 302
    assert IndexQueue.objects.filter(kind=IndexKind.PRODUCT, object_id=product.pk).exists()
    assert sent == [("product", [product.pk], "product.updated")]


@pytest.mark.django_db
def test_nobody_deletes_a_product(mod_client, super_client, product):
    url = reverse("admin:catalog_product_delete", args=[product.pk])
    assert mod_client.get(url).status_code == 403
    assert super_client.post(url, {"post": "yes"}).status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


# --- product moderation ----------------------------------------------------------------------


@pytest.mark.django_db
def test_approve_publishes_a_product_waiting_for_review(mod_client, moderator):
    product = ProductFactory(status=ProductStatus.PENDING_REVIEW, published_at=None)
    response = post_action(mod_client, PRODUCTS_URL, "approve", [product])
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED
    assert product.published_at is not None
    assert audit_rows(product) == [
        ("catalog.product.published", moderator.pk, "", "pending_review", "published")
    ]
    assert [level for level, _text in sent_messages(response)] == [messages.SUCCESS]


@pytest.mark.django_db
def test_approving_a_published_product_is_refused(mod_client, product):
    response = post_action(mod_client, PRODUCTS_URL, "approve", [product])
    [(level, text)] = sent_messages(response)
    assert level == messages.ERROR
    assert product.name in text
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_product_reject_needs_a_reason(mod_client, moderator):
    product = ProductFactory(status=ProductStatus.PENDING_REVIEW, published_at=None)
    form_page = post_action(mod_client, PRODUCTS_URL, "reject", [product])
    assert form_page.status_code == 200
    assert '<textarea name="reason"' in form_page.content.decode()
    empty = post_action(mod_client, PRODUCTS_URL, "reject", [product], post="yes", reason="")
    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING_REVIEW
    assert not AuditLog.objects.exists()

    reason = "Ảnh sản phẩm không đúng hàng thật."
    done = post_action(mod_client, PRODUCTS_URL, "reject", [product], post="yes", reason=reason)
    assert done.status_code == 302
    product.refresh_from_db()
    assert (product.status, product.status_reason) == (ProductStatus.REJECTED, reason)
    assert audit_rows(product) == [
        ("catalog.product.rejected", moderator.pk, reason, "pending_review", "rejected")
    ]


@pytest.mark.django_db
def test_take_down_archives_with_the_reason(mod_client, moderator, product):
    reason = "Quảng cáo sai công dụng."
    response = post_action(
        mod_client, PRODUCTS_URL, "take_down", [product], post="yes", reason=reason
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.ARCHIVED
    assert audit_rows(product) == [
        ("catalog.product.taken_down", moderator.pk, reason, "published", "archived")
    ]


# --- certificates and awards -----------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_verify_reject_revoke(mod_client, moderator, product):
    pending = CertificateFactory(product=product, status=CertificateStatus.PENDING_VERIFICATION)
    other = CertificateFactory(product=product, status=CertificateStatus.PENDING_VERIFICATION)
    post_action(mod_client, CERTIFICATES_URL, "verify", [pending])
    post_action(mod_client, CERTIFICATES_URL, "reject", [other], post="yes", reason="Sai số QĐ")
    post_action(mod_client, CERTIFICATES_URL, "revoke", [pending], post="yes", reason="Thu hồi")
    pending.refresh_from_db()
    other.refresh_from_db()
    assert (pending.status, other.status) == (CertificateStatus.REVOKED, CertificateStatus.REJECTED)
    assert audit_rows(pending) == [
        ("catalog.certificate.verified", moderator.pk, "", "pending_verification", "verified"),
        ("catalog.certificate.revoked", moderator.pk, "Thu hồi", "verified", "revoked"),
    ]
    assert audit_rows(other) == [
        (
            "catalog.certificate.rejected",
            moderator.pk,
            "Sai số QĐ",
            "pending_verification",
            "rejected",
        )
    ]


@pytest.mark.django_db
def test_certificate_revoke_without_reason_changes_nothing(mod_client, product):
    cert = CertificateFactory(product=product)
    response = post_action(mod_client, CERTIFICATES_URL, "revoke", [cert], post="yes", reason="")
    assert response.status_code == 200
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VERIFIED
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_an_expired_certificate_cannot_be_verified(mod_client, product):
    today = timezone.localdate()
    cert = CertificateFactory(
        product=product,
        status=CertificateStatus.PENDING_VERIFICATION,
        issue_date=today - dt.timedelta(days=1200),
        decision_date=today - dt.timedelta(days=1210),
        expires_on=today,
    )
    response = post_action(mod_client, CERTIFICATES_URL, "verify", [cert])
    assert [level for level, _text in sent_messages(response)] == [messages.ERROR]
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.PENDING_VERIFICATION


@pytest.mark.django_db
def test_valid_today_column(mod_client, product):
    today = timezone.localdate()
    valid = CertificateFactory(product=product, certificate_number="OCOP-VALID")
    CertificateFactory(
        product=product,
        certificate_number="OCOP-LAPSED",
        issue_date=today - dt.timedelta(days=1100),
        decision_date=today - dt.timedelta(days=1110),
        expires_on=today,
    )
    CertificateFactory(
        product=product,
        certificate_number="OCOP-PENDING",
        status=CertificateStatus.PENDING_VERIFICATION,
    )
    model_admin = admin.site._registry[OcopCertificate]
    flags = {
        c.certificate_number: model_admin.valid_today(c) for c in OcopCertificate.objects.all()
    }
    assert flags == {"OCOP-VALID": True, "OCOP-LAPSED": False, "OCOP-PENDING": False}
    html = mod_client.get(CERTIFICATES_URL).content.decode()
    assert html.count("icon-yes.svg") == 1
    assert valid.certificate_number in html


@pytest.mark.django_db
def test_award_verify_reject_revoke(mod_client, moderator, product):
    award = make_award(product)
    other = make_award(product, year=2023)
    post_action(mod_client, AWARDS_URL, "verify", [award])
    post_action(mod_client, AWARDS_URL, "reject", [other], post="yes", reason="Không có quyết định")
    post_action(mod_client, AWARDS_URL, "revoke", [award], post="yes", reason="Quyết định bị hủy")
    award.refresh_from_db()
    other.refresh_from_db()
    assert (award.status, other.status) == (AwardStatus.REVOKED, AwardStatus.REJECTED)
    assert [row[:3] for row in audit_rows(award)] == [
        ("catalog.award.verified", moderator.pk, ""),
        ("catalog.award.revoked", moderator.pk, "Quyết định bị hủy"),
    ]
    assert [row[:3] for row in audit_rows(other)] == [
        ("catalog.award.rejected", moderator.pk, "Không có quyết định")
    ]


@pytest.mark.django_db
def test_revoking_a_pending_award_is_refused(mod_client, product):
    award = make_award(product)
    response = post_action(mod_client, AWARDS_URL, "revoke", [award], post="yes", reason="Lý do")
    assert [level for level, _text in sent_messages(response)] == [messages.ERROR]
    award.refresh_from_db()
    assert award.status == AwardStatus.PENDING_VERIFICATION


@pytest.mark.django_db
def test_certificates_and_awards_are_not_edited_here(mod_client, super_client, populated):
    cert = OcopCertificate.objects.get()
    award = RuralIndustryAward.objects.get()
    for client in (mod_client, super_client):
        assert client.get(reverse("admin:catalog_ocopcertificate_add")).status_code == 403
        page = client.get(reverse("admin:catalog_ocopcertificate_change", args=[cert.pk]))
        assert page.context["has_change_permission"] is False
        delete = reverse("admin:catalog_ruralindustryaward_delete", args=[award.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403


# --- categories and units --------------------------------------------------------------------


def category_form_data(**fields) -> dict:
    return {"name_en": "", "position": "0", "kind": CategoryKind.OCOP, "_save": "Save", **fields}


@pytest.mark.django_db
def test_moderator_adds_and_moves_a_category(mod_client):
    parent = Category.objects.get(slug="do-uong-khong-con")
    response = mod_client.post(
        reverse("admin:catalog_category_add"),
        category_form_data(name="Trà thảo mộc", slug="tra-thao-moc", parent=parent.pk),
    )
    assert response.status_code == 302
    created = Category.objects.get(slug="tra-thao-moc")
    assert (created.path, created.depth) == ("do-uong/do-uong-khong-con/tra-thao-moc/", 2)

    moved = Category.objects.get(slug="do-uong-khong-con")
    new_parent = Category.objects.get(slug="do-uong-co-con")
    response = mod_client.post(
        reverse("admin:catalog_category_change", args=[moved.pk]),
        category_form_data(name=moved.name, slug=moved.slug, parent=new_parent.pk),
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.path == "do-uong/do-uong-co-con/do-uong-khong-con/tra-thao-moc/"
    assert created.depth == 3


@pytest.mark.django_db
def test_a_category_cannot_move_inside_itself(mod_client):
    top = Category.objects.get(slug="do-uong")
    child = Category.objects.get(slug="do-uong-co-con")
    response = mod_client.post(
        reverse("admin:catalog_category_change", args=[top.pk]),
        category_form_data(name=top.name, slug=top.slug, parent=child.pk),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    top.refresh_from_db()
    assert (top.parent_id, top.path) == (None, "do-uong/")


@pytest.mark.django_db
def test_moderator_cannot_delete_categories_or_units(mod_client):
    category = Category.objects.get(slug="do-uong")
    assert (
        mod_client.get(reverse("admin:catalog_category_delete", args=[category.pk])).status_code
        == 403
    )
    assert mod_client.get(reverse("admin:catalog_unit_delete", args=[unit().pk])).status_code == 403


@pytest.mark.django_db
def test_a_product_slug_typed_in_the_admin_is_never_a_path_word(super_client, vendor):
    """A product's slug sits where the seller center's "moi" (new product) does: refused."""
    data = product_form_data(
        ProductFactory.build(vendor=vendor), vendor=vendor.pk, slug="moi", price="30000"
    )
    response = super_client.post(reverse("admin:catalog_product_add"), data)
    assert response.status_code == 200
    assert "moi" in str(response.context["adminform"].form.errors["slug"])
    assert not Product.objects.filter(slug="moi").exists()
