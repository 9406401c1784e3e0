"""Writing the catalogue: products, review on edit, certificates, awards, expiry task."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    Unit,
)
from catalog.services.certificates import certificate_expire_due
from catalog.services.products import product_create
from core.errors import NotAllowed
from core.models import AuditLog
from tests.factories import CertificateFactory, ProductFactory
from tests.factories.partners import PartnerClientFactory

pytestmark = pytest.mark.django_db

NEW = {
    "vendor": "htx-mi-gao-hung-lo",
    "name": "Mì gạo lứt Lâm Thao",
    "description": "Mì gạo lứt đỏ, không chất bảo quản.",
    "category": "che-bien-tu-gao-ngu-coc",
    "unit": "goi",
    "price": 35000,
    "min_order_quantity": 10,
    "gtin": "8934563138165",
    "attributes": {"Khối lượng": "500 g", "Hạn sử dụng": "12 tháng"},
}


def test_member_creates_a_draft_with_defaults(vendor_client, vendor):
    response = vendor_client.post("/api/v1/products/", NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["slug"] == "mi-gao-lut-lam-thao"
    assert body["origin_commune"]["code"] == vendor.commune_id
    assert body["attributes"] == NEW["attributes"]
    assert AuditLog.objects.filter(action="catalog.product.created").count() == 1


def test_a_moderator_is_no_member_for_the_api(moderator_client, vendor):
    response = moderator_client.post("/api/v1/products/", NEW, format="json")
    assert response.status_code == 403
    assert not Product.objects.exists()


def test_only_a_moderator_creates_on_a_storefronts_behalf(owner, moderator, vendor):
    fields = {
        "name": "Chè búp Thanh Ba",
        "category": Category.objects.get(slug=NEW["category"]),
        "unit": Unit.objects.get(code=NEW["unit"]),
        "price": 120000,
    }
    with pytest.raises(NotAllowed):  # even its owner: members write as members
        product_create(vendor=vendor, actor=owner, on_behalf=True, **fields)
    with pytest.raises(ValueError, match="never on its behalf"):
        product_create(
            vendor=vendor, actor=moderator, partner=PartnerClientFactory(), on_behalf=True, **fields
        )
    product = product_create(vendor=vendor, actor=moderator, on_behalf=True, **fields)
    assert (product.vendor, product.status, product.created_by) == (
        vendor,
        ProductStatus.DRAFT,
        moderator,
    )
    assert product.origin_commune == vendor.commune


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"gtin": "8934563138166"}, "gtin"),
        ({"price": -5}, "price"),
        ({"price": 1.5}, "price"),
        ({"category": "khong-co"}, "category"),
        ({"unit": "parsec"}, "unit"),
        ({"origin_commune": 99999999}, "origin_commune"),
        ({"min_order_quantity": 0}, "min_order_quantity"),
        ({"name": ""}, "name"),
        ({"attributes": ["not", "a", "dict"]}, "attributes"),
        ({"price": None, "price_on_request": False}, "price"),
        ({"price": 1000, "price_on_request": True}, "price"),
        ({"availability": "maybe"}, "availability"),
    ],
)
def test_bad_product_input_is_400_and_nothing_written(vendor_client, change, field):
    audit = AuditLog.objects.count()
    response = vendor_client.post("/api/v1/products/", {**NEW, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert field in body["errors"]
    assert Product.objects.count() == 0
    assert AuditLog.objects.count() == audit


def test_price_on_request(vendor_client):
    data = {**NEW, "price": None, "price_on_request": True}
    body = vendor_client.post("/api/v1/products/", data, format="json").json()
    assert (body["price"], body["price_on_request"]) == (None, True)


def test_editing_a_published_product_sends_it_back_to_review(vendor_client, product, api_client):
    response = vendor_client.patch(
        f"/api/v1/products/{product.slug}/", {"description": "Mới"}, format="json"
    )
    assert response.json()["status"] == "pending_review"
    assert api_client.get(f"/api/v1/products/{product.slug}/").status_code == 404
    assert AuditLog.objects.filter(action="catalog.product.edited_back_to_review").exists()


def test_price_change_keeps_a_product_published(vendor_client, product):
    response = vendor_client.patch(
        f"/api/v1/products/{product.slug}/", {"price": 50000}, format="json"
    )
    assert response.json()["status"] == "published"
    assert response.json()["price"] == 50000


def test_review_on_edit_can_be_switched_off(vendor_client, product, settings):
    settings.CATALOG_REVIEW_ON_PUBLISHED_EDIT = False
    response = vendor_client.patch(
        f"/api/v1/products/{product.slug}/", {"name": "Tên mới"}, format="json"
    )
    assert response.json()["status"] == "published"


def test_published_products_cannot_be_deleted(vendor_client, product):
    response = vendor_client.delete(f"/api/v1/products/{product.slug}/")
    assert response.status_code == 409
    assert Product.objects.filter(pk=product.pk).exists()


CERT = {
    "stars": 4,
    "score": "75",
    "certificate_number": "PT-2024-017",
    "decision_number": "2503/QĐ-UBND",
    "decision_date": "2024-05-02",
    "issuing_body": "UBND tỉnh Phú Thọ",
    "issuing_level": "province",
    "issue_date": "2024-05-10",
}


def test_certificate_expiry_defaults_to_36_months_and_scan_is_checked(vendor_client, product):
    # A complete PDF ends with %%EOF (media.validation refuses cut-short ones).
    pdf = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.4\n%test\n%%EOF\n", content_type="application/pdf"
    )
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/certificates/", {**CERT, "scan": pdf}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["expires_on"] == "2027-05-10"
    assert response.json()["status"] == "pending_verification"
    assert OcopCertificate.objects.get().scan.name.endswith(".pdf")


def test_scan_judged_by_content_not_name(vendor_client, product):
    fake = SimpleUploadedFile(
        "scan.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/certificates/", {**CERT, "scan": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert "scan" in response.json()["errors"]
    assert not OcopCertificate.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stars": 4, "score": "95"}, "score"),
        ({"stars": 5, "score": "92", "issuing_level": "province"}, "issuing_level"),
        ({"stars": 3, "score": "55", "issuing_level": "national"}, "issuing_level"),
        ({"stars": 2, "score": "40"}, "stars"),
        ({"decision_date": "2024-06-01"}, "decision_date"),
        ({"expires_on": "2024-01-01"}, "expires_on"),
        (
            {
                "issuing_level": "district",
                "stars": 3,
                "score": "60",
                "issue_date": "2025-08-01",
                "decision_date": "2025-07-20",
            },
            "issuing_level",
        ),
    ],
)
def test_inconsistent_certificates_are_refused(vendor_client, product, change, field):
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/certificates/", {**CERT, **change}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not OcopCertificate.objects.exists()


def test_expired_certificate_cannot_be_verified(moderator_client, product):
    cert = CertificateFactory(
        product=product,
        status=CertificateStatus.PENDING_VERIFICATION,
        issue_date=dt.date(2020, 1, 1),
        decision_date=dt.date(2020, 1, 1),
        expires_on=dt.date(2023, 1, 1),
    )
    assert moderator_client.post(f"/api/v1/certificates/{cert.pk}/verify/").status_code == 409


def test_expiry_task_marks_due_certificates_expired_once(product):
    today = timezone.localdate()
    due = CertificateFactory(
        product=product,
        issue_date=today - dt.timedelta(days=1100),
        decision_date=today - dt.timedelta(days=1100),
        expires_on=today,
    )
    later = CertificateFactory(product=product, expires_on=today + dt.timedelta(days=1))
    assert certificate_expire_due() == 1
    assert certificate_expire_due() == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == ("expired", "verified")
    entry = AuditLog.objects.get(action="catalog.certificate.expired")
    assert entry.actor is None and entry.to_state == "expired"


def test_expiry_task_runs_through_celery(product):
    from catalog.tasks import certificate_expire_due_task

    today = timezone.localdate()
    CertificateFactory(
        product=product,
        issue_date=today - dt.timedelta(days=1100),
        decision_date=today - dt.timedelta(days=1100),
        expires_on=today - dt.timedelta(days=3),
    )
    assert certificate_expire_due_task.delay().get() == 1


def test_awards_validation(vendor_client, product):
    url = f"/api/v1/products/{product.slug}/awards/"
    regional = {
        "level": "regional",
        "year": 2023,
        "product_group": "handicraft",
        "issuer": "Bộ Công Thương",
    }
    assert vendor_client.post(url, regional, format="json").status_code == 400
    response = vendor_client.post(url, {**regional, "region": "north"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending_verification"


def test_members_see_own_drafts_in_their_vendor_list_only(
    vendor_client, other_vendor_client, vendor
):
    ProductFactory(vendor=vendor, slug="secret", status=ProductStatus.DRAFT)
    assert other_vendor_client.get("/api/v1/products/secret/").status_code == 404
    assert vendor_client.get("/api/v1/products/secret/").status_code == 200
