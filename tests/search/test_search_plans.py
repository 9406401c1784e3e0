"""The search statement's plan on PostgreSQL (D246): a word in nearly half the catalogue with a
storefront type and a price range is read through a bitmap AND of the full-text index and the
(type, price) index, not by scanning the entries until 2,001 of them pass the filters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import search
from catalog.models import Category, Product, Unit
from search.base import ProductQuery
from search.models import ProductEntry
from tests.factories import VendorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ENTRIES = 12_000
KINDS = ("household", "cooperative", "enterprise")


@pytest.fixture
def entries(db):
    """A plan is PostgreSQL's: on another database this class is deselected at collection
        (tests/search/conftest.py), and run there anyway it fails.
    12,000 entries, the word "nam" in 45 % of them, three storefront types, prices spread
        from 10,000 to 1,000,000 ₫; then ANALYZE, as autovacuum would."""
    if connection.vendor != "postgresql":
        pytest.fail("the search plan tests run only on PostgreSQL")
    vendor = VendorFactory(slug="plan-search")
    category = Category.objects.filter(parent__isnull=False).order_by("id").first()
    unit = Unit.objects.get(code="kg")
    products = Product.objects.bulk_create(
        [
            Product(
                vendor=vendor,
                slug=f"plan-s-{i}",
                name=f"Sản phẩm {i}",
                category=category,
                unit=unit,
                price=10_000 * (1 + i * 37 % 100),
                origin_commune=vendor.commune,
                origin_province_id=vendor.province_id,
                status="published",
            )
            for i in range(ENTRIES)
        ],
        batch_size=2_000,
    )
    ProductEntry.objects.bulk_create(
        [
            ProductEntry(
                product=p,
                name=p.name,
                name_lower=p.name.lower(),
                name_folded=("nam huong " if i % 20 < 9 else "mien dong ") + str(i),
                body_folded=f"dac san vung cao loai {i % 7} dong goi {i % 13}",
                vendor_id=vendor.pk,
                vendor_kind=KINDS[i % 3],
                category_id=category.pk,
                price=p.price,
            )
            for i, p in enumerate(products)
        ],
        batch_size=2_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_productentry")


class TestPostgresPlans:
    def test_a_broad_word_with_type_and_price_is_read_through_both_indexes(self, entries):
        query = ProductQuery(
            q="nam", vendor_type="household", price_min=50_000, price_max=300_000, with_facets=False
        )
        with CaptureQueriesContext(connection) as queries:
            results = search.database_backend().search_products(query)
        assert results.total > 0
        statement = next(q["sql"] for q in queries.captured_queries if "WITH m AS" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "search_productentry_kind_price" in plan, plan
        assert "Seq Scan on search_productentry" not in plan, plan
