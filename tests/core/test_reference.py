"""Reference tables kept in each process (core/reference.py, D89): read once, read again after
their lifetime, after a save or delete in this process, and once when a key is missing."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Category
from catalog.selectors import categories, units
from core import reference
from marketplace.selectors import communes, provinces
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def new_category(name: str) -> Category:
    slug = f"ref-{Category.objects.count()}"
    return Category.objects.create(name=name, slug=slug, path=f"{slug}/", kind="ocop")


def test_read_once_then_from_memory(django_assert_num_queries):
    category = new_category(name="Trà")
    with django_assert_num_queries(1):
        assert categories[category.pk].name == "Trà"
    with django_assert_num_queries(0):
        assert categories.get(category.pk) == category
        assert categories.get(None) is None


def test_a_save_or_delete_here_is_seen_at_once():
    category = new_category(name="Trà")
    assert categories[category.pk].name == "Trà"
    category.name = "Chè"
    category.save()
    assert categories[category.pk].name == "Chè"
    category.delete()
    with pytest.raises(KeyError):
        categories[category.pk]


def test_a_change_elsewhere_is_seen_after_the_lifetime(settings, monkeypatch):
    settings.REFERENCE_CACHE_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(reference, "time", SimpleNamespace(monotonic=lambda: now[0]))
    category = new_category(name="Trà")
    assert categories[category.pk].name == "Trà"
    # as another process would: no signal reaches this one
    Category.objects.filter(pk=category.pk).update(name="Chè")
    now[0] += 59
    assert categories[category.pk].name == "Trà"
    now[0] += 2
    assert categories[category.pk].name == "Chè"


def test_a_row_added_elsewhere_is_found_by_one_more_read(django_assert_num_queries):
    known = new_category("Cũ")
    assert categories[known.pk]
    added = Category.objects.bulk_create([Category(name="Mới", slug="moi", path="moi/")])[0]
    with django_assert_num_queries(1):
        assert categories[added.pk].slug == "moi"
    with django_assert_num_queries(1):  # a key nobody has: one read to be sure, then None
        assert categories.get(10**9) is None


def test_the_product_page_query_joins_only_the_storefront(api_client, warm):
    ProductFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        assert len(api_client.get("/api/v1/products/").json()["results"]) == 3
    (page,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "catalog_product"."id"')]
    joined = re.findall(r'JOIN "(\w+)"', page)
    assert joined == ["marketplace_vendor"], joined  # seven tables took ~15 ms to plan


@pytest.fixture
def warm():
    for table in (categories, units, provinces, communes):
        table.clear()
