"""Database backends: the count stops at SEARCH_TRACK_TOTAL_HITS, the facets are then counted over
that many hits, and the page is still the best-ranked one (docs/decisions.md D19a).

The bound is lowered to a handful so a small catalogue crosses it; every page is compared with
the same search under a bound nothing reaches.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

import search
from search.backends.database import DatabaseBackend
from search.base import ProductQuery
from search.services import search_mark_products_dirty
from tests.factories import ProductFactory, VendorFactory
from tests.search.conformance import _cert

URL = "/api/v1/search/products/"
NO_BOUND = 1_000_000


@pytest.fixture(autouse=True)
def _no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


@pytest.fixture
def honey(db) -> dict[str, list[int]]:
    """7 products with "mật ong" in the name (stars, spellings and lengths differ), 6 with it
    only in the description, 3 without it; one of each kind has an update pending."""
    now = timezone.now()
    household = VendorFactory(kind="household")
    in_name = [
        ProductFactory(name="Mật ong rừng Tam Đảo", price=250_000),
        ProductFactory(name="Mat ong bac ha", price=180_000),
        ProductFactory(name="Mật ong hoa nhãn Hưng Yên loại một", price=120_000),
        ProductFactory(name="Mật ong", price=90_000, vendor=household),
        ProductFactory(name="Mật ong hoa cà phê Đắk Lắk hũ 1 lít", price=400_000),
        ProductFactory(name="Mat ong nguyen chat", price=None, price_on_request=True),
        ProductFactory(name="Rượu mật ong", price=300_000, vendor=household),
    ]
    _cert(in_name[1], 4)
    _cert(in_name[5], 3)
    in_body = [
        ProductFactory(
            name=f"Trà gừng loại {i}",
            description="Trà gừng pha với mật ong, uống ấm.",
            price=40_000 + 10_000 * i,
            published_at=now - dt.timedelta(days=i),
        )
        for i in range(6)
    ]
    _cert(in_body[2], 5)
    others = [ProductFactory(name=f"Bưởi Đoan Hùng {i}") for i in range(3)]
    backend = search.database_backend()
    backend.index_vendors([household.pk, *{p.vendor_id for p in in_name + in_body + others}])
    backend.index_products([p.pk for p in in_name + in_body + others])
    search_mark_products_dirty(product_ids=[in_name[2].pk, in_body[3].pk])
    return {"name": [p.pk for p in in_name], "body": [p.pk for p in in_body]}


def run(settings, bound: int, **kw):
    settings.SEARCH_TRACK_TOTAL_HITS = bound
    return search.database_backend().search_products(ProductQuery(**kw))


def test_below_the_bound_the_count_and_facets_are_exact(settings, honey):
    found = run(settings, 13, q="mật ong")
    assert (found.total, found.total_relation, found.facets_sampled) == (13, "eq", False)
    assert sum(b.count for b in found.facets["vendor_type"]) == 13
    assert {h.id for h in found.hits} == set(honey["name"] + honey["body"])


@pytest.mark.parametrize("bound", [1, 3, 6, 12])
@pytest.mark.parametrize(
    "kw",
    [
        {"q": "mật ong", "page_size": 4},  # the name matches fill the page
        {"q": "mật ong", "page_size": 4, "page": 2},  # they do not: everything is ranked
        {"q": "mật ong", "page_size": 5, "page": 3},
        {"q": "mat ong", "page_size": 20},
        {"q": "mat ong", "page_size": 3, "price_max": 300_000},
        {"q": "mat ong", "page_size": 3, "vendor_type": "household"},
        {"q": "mật ong", "page_size": 4, "ordering": "price"},
        {"q": "mật ong", "page_size": 4, "ordering": "-price"},
        {"q": "mật ong", "page_size": 4, "ordering": "newest"},
        {"q": "mật ong", "page_size": 4, "ordering": "name"},
        {"q": "", "page_size": 4},
    ],
)
def test_above_the_bound_the_page_is_still_the_best_ranked(settings, honey, bound, kw):
    exact = run(settings, NO_BOUND, **kw)
    bounded = run(settings, bound, **kw)
    assert [(h.id, h.score) for h in bounded.hits] == [(h.id, h.score) for h in exact.hits]
    if exact.total > bound:
        assert (bounded.total, bounded.total_relation) == (bound, "gte")
        assert bounded.facets_sampled
        # the facets count `bound` of the hits, each under one vendor type and one price band
        assert sum(b.count for b in bounded.facets["vendor_type"]) == bound
        assert sum(b.count for b in bounded.facets["price"]) == bound
    else:
        assert (bounded.total, bounded.total_relation) == (exact.total, "eq")
        assert not bounded.facets_sampled
        assert bounded.facets == exact.facets


def test_the_name_matches_alone_rank_a_page_they_fill(settings, honey, monkeypatch):
    tiers: list[bool] = []
    candidates = DatabaseBackend._candidates_sql

    def spy(self, parsed, query, *, name_only=False, **kw):
        tiers.append(name_only)
        return candidates(self, parsed, query, name_only=name_only, **kw)

    monkeypatch.setattr(DatabaseBackend, "_candidates_sql", spy)
    first = run(settings, 3, q="mật ong", page_size=4)
    # the bounded statement, then the name matches only: the description matches never ranked
    assert tiers == [False, True]
    assert {h.id for h in first.hits} <= set(honey["name"])
    assert first.hits[0].id == honey["name"][3]  # exact spelling, then the shortest name
    tiers.clear()
    second = run(settings, 3, q="mật ong", page_size=4, page=2)
    assert tiers == [False, True, False]  # 7 name matches cannot fill places 5–8
    assert [h.id for h in second.hits][3] in honey["body"]


def test_the_api_says_when_the_count_is_a_lower_bound(api_client, settings, honey):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_TRACK_TOTAL_HITS = 5
    body = api_client.get(URL, {"q": "mat ong", "page_size": 5}).json()
    assert (body["count"], body["total_relation"], body["facets_sampled"]) == (5, "gte", True)
    assert body["next"] is not None  # there is more than was counted
    settings.SEARCH_TRACK_TOTAL_HITS = 100
    body = api_client.get(URL, {"q": "mat ong", "page_size": 5}).json()
    assert (body["count"], body["total_relation"], body["facets_sampled"]) == (13, "eq", False)
