"""Database backends: entries with a pending update are read from the live catalogue."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

import search
from catalog.services.products import product_update
from search.base import ProductQuery
from search.models import IndexQueue
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
