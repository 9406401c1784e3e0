"""Submitting a product for review names why it cannot be submitted (issue 12, item 16)."""

import pytest

from catalog.models import Product, ProductStatus
from core.models import AuditLog
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (ProductStatus.PUBLISHED, "already published"),
        (ProductStatus.PENDING_REVIEW, "already waiting for review"),
        (ProductStatus.ARCHIVED, "archived"),
    ],
)
def test_submit_names_the_real_reason(vendor_client, vendor, status, words):
    product = ProductFactory(vendor=vendor, status=status)
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/submit/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["type"] == "urn:giaothuong:problem:illegal_transition"  # the type clients know
    assert words in body["detail"].lower()
    assert words in body["errors"]["status"][0].lower()
    assert "pending_review" not in body["detail"]  # not the lifecycle table's wording
    assert Product.objects.get(pk=product.pk).status == status
    assert not AuditLog.objects.filter(action="catalog.product.submitted").exists()


def test_submit_in_vietnamese(vendor_client, vendor):
    product = ProductFactory(vendor=vendor, status=ProductStatus.PUBLISHED)
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/submit/", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 409
    assert "đã được đăng" in response.json()["detail"]


def test_a_draft_is_still_submitted(vendor_client, vendor):
    product = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT, published_at=None)
    response = vendor_client.post(f"/api/v1/products/{product.slug}/submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "pending_review"
