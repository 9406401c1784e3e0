"""Database backends: entries with a pending update are read from the live catalogue."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import search
from catalog.services.products import product_update
from search.base import ProductQuery
from search.models import IndexQueue
from search.services import search_mark_products_dirty
from tests.factories import ProductFactory
from tests.search.conformance import _cert


@pytest.fixture(autouse=True)
def _no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


def ids(**kw) -> list[int]:
    return [h.id for h in search.database_backend().search_products(ProductQuery(**kw)).hits]


def test_a_queued_change_is_searched_live(owner, vendor):
    product = ProductFactory(vendor=vendor, name="Mật ong rừng", price=200_000)
    search.database_backend().index_products([product.pk])
    assert ids(q="mat ong", price_max=250_000) == [product.pk]
    product_update(product=product, actor=owner, price=300_000)  # commercial terms: no review
    assert IndexQueue.objects.filter(object_id=product.pk).exists()  # not indexed yet
    assert ids(q="mat ong", price_max=250_000) == []
    assert ids(q="mat ong", price_min=300_000) == [product.pk]
    facets = search.database_backend().search_products(ProductQuery(q="mat ong")).facets
    assert [(b.key, b.count) for b in facets["price"]] == [("200000-500000", 1)]


def test_with_nothing_queued_the_search_reads_the_entries_alone(vendor):
    """D244: the statement that looks up the words also says whether a product is queued; with
    none, the search statement has no live branch (no product or storefront table to plan)."""
    product = ProductFactory(vendor=vendor, name="Mật ong rừng U Minh", price=200_000)
    search.database_backend().index_products([product.pk])
    IndexQueue.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert ids(q="mat ong", with_facets=True) == [product.pk]
    statements = [q["sql"] for q in queries.captured_queries]
    search_sql = next(s for s in statements if "search_productentry" in s)
    # the hits' CTE; the page then reads its names and descriptions by id (catalog_product)
    candidates = search_sql.split(", f AS")[0]
    assert "search_indexqueue" not in search_sql and "catalog_product " not in candidates
    assert "search_indexqueue" in statements[0]  # asked once, with the words
    with CaptureQueriesContext(connection) as queries:  # suggestions ask the queue alone first
        assert [x.id for x in search.database_backend().suggest("mat on")] == [product.pk]
    range_scan = queries.captured_queries[1]["sql"]
    assert "search_productentry" in range_scan and "search_indexqueue" not in range_scan

    search_mark_products_dirty(product_ids=[product.pk])  # queued: read live again
    assert IndexQueue.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        assert ids(q="mat ong") == [product.pk]
    statements = [q["sql"] for q in queries.captured_queries]
    search_sql = next(s for s in statements if "search_productentry" in s)
    candidates = search_sql.split(", f AS")[0]
    assert "search_indexqueue" in candidates and "catalog_product " in candidates


def test_stars_stop_counting_on_the_expiry_day_without_a_reindex(db):
    product = ProductFactory(name="Chè búp tím")
    expires = timezone.localdate() + dt.timedelta(days=3)
    _cert(product, 5, expires_on=expires)
    search.database_backend().index_products([product.pk])
    assert ids(q="che", ocop_stars_min=5) == [product.pk]
    noon = dt.datetime.combine(expires, dt.time(12), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(noon):
        assert ids(q="che", ocop_stars_min=5) == []
        assert ids(q="che") == [product.pk]


def test_suggestions_rank_a_bounded_set_of_names(vendor, settings):
    """D247: the names starting with what was typed are ranked over at most
    SEARCH_TRACK_TOTAL_HITS of them (in no particular order), not over all of them. The
    shortest name ranks first, and it is the last one in the table and in name order."""
    long = [f"Mật ong {c} rừng nguyên chất thượng hạng" for c in "abcde"]
    products = [ProductFactory(vendor=vendor, name=n) for n in [*long, "Mật ong z"]]
    search.database_backend().index_products([p.pk for p in products])
    IndexQueue.objects.all().delete()
    suggest = search.database_backend().suggest
    assert suggest("mat ong", 2)[0].label == "Mật ong z"
    settings.SEARCH_TRACK_TOTAL_HITS = 1  # the bound is never below the number asked for: 2
    found = [s.label for s in suggest("mat ong", 2) if s.kind == "product"]
    assert len(found) == 2 and "Mật ong z" not in found
