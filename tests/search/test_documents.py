"""Search documents: fields, visibility, valid stars, and a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import CertificateStatus, ProductStatus
from marketplace.models import VendorStatus
from search.documents import iter_product_documents, product_documents, vendor_documents
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.search.conformance import _cert


@pytest.fixture
def no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


def test_product_document_fields(db, monkeypatch):
    product = ProductFactory(name="Bưởi Đoan Hùng", description="Quả ngọt, mọng nước.")
    today = timezone.localdate()
    _cert(product, 5, expires_on=today + dt.timedelta(days=10))
    _cert(product, 4, expires_on=today + dt.timedelta(days=400))
    _cert(product, 3, status=CertificateStatus.REVOKED)
    monkeypatch.setattr(
        "search.documents.fair_slugs_for_products", lambda ids: {product.pk: ["hoi-cho-b", "a"]}
    )
    (doc,) = product_documents([product.pk, 999_999])  # a missing id is simply absent
    assert doc["name_folded"] == "buoi doan hung"
    assert doc["name_lower"] == "bưởi đoan hùng"
    assert doc["description_folded"] == "qua ngot, mong nuoc."
    assert doc["ocop_stars"] == 5
    assert doc["ocop_stars_until"] == (today + dt.timedelta(days=10)).isoformat()
    assert doc["ocop_valid_until"] == {
        "4": (today + dt.timedelta(days=400)).isoformat(),
        "5": (today + dt.timedelta(days=10)).isoformat(),
    }
    assert doc["category_slugs"] == ["thuc-pham", "thuc-pham-so-che", "gao-ngu-coc"]
    assert doc["province_code"] == 25 and doc["price"] == 45000
    assert doc["price_band"] == "0-50000"
    assert doc["fairs"] == ["a", "hoi-cho-b"]
    assert doc["visible"] is True


def test_invisible_products_are_flagged(db, no_fairs):
    draft = ProductFactory(status=ProductStatus.DRAFT, published_at=None)
    suspended = ProductFactory(vendor=VendorFactory(status=VendorStatus.SUSPENDED))
    docs = {d["id"]: d for d in product_documents([draft.pk, suspended.pk])}
    assert docs[draft.pk]["visible"] is False
    assert docs[suspended.pk]["visible"] is False


def test_vendor_document(db):
    vendor = VendorFactory(display_name="HTX Chè Thanh Ba")
    ProductFactory(vendor=vendor)
    ProductFactory(vendor=vendor, status=ProductStatus.DRAFT)
    (doc,) = vendor_documents([vendor.pk])
    assert doc["name_folded"] == "htx che thanh ba"
    assert doc["product_count"] == 1 and doc["visible"] is True


@pytest.mark.parametrize("n", [5, 50])
def test_documents_cost_the_same_queries_for_5_and_50(db, no_fairs, n, django_assert_num_queries):
    products = ProductFactory.create_batch(n)
    for p in products[:3]:
        CertificateFactory(product=p)
    ids = [p.pk for p in products]
    with django_assert_num_queries(3):  # products, categories, certificates
        assert len(product_documents(ids)) == n


def test_iterating_the_catalogue_in_chunks(db, no_fairs):
    products = ProductFactory.create_batch(7)
    ProductFactory(status=ProductStatus.DRAFT)
    chunks = list(iter_product_documents(chunk_size=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [d["id"] for c in chunks for d in c] == sorted(p.pk for p in products)


def test_fairs_come_from_the_showcases(db):
    from tests.factories.fairs import ExhibitorApplicationFactory

    application = ExhibitorApplicationFactory()
    shown = application.showcase_items.get().product
    elsewhere = ProductFactory()
    docs = {d["id"]: d for d in product_documents([shown.pk, elsewhere.pk])}
    assert docs[shown.pk]["fairs"] == [application.fair.slug]
    assert docs[elsewhere.pk]["fairs"] == []
