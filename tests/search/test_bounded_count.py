"""Database backends: the count stops at SEARCH_TRACK_TOTAL_HITS, the facets are then counted over
that many hits, and the page is still the best-ranked one (docs/decisions.md D19a).

The bound is lowered to a handful so a small catalogue crosses it; every page is compared with
the same search under a bound nothing reaches.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import search
from search.backends.database.sql import step_page
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
    """8 products with "mật ong" in the name (stars, spellings and lengths differ), 6 with it
    only in the description, 3 without it; one of each kind has an update pending."""
    now = timezone.now()
    household = VendorFactory(kind="household")
    in_name = [
        ProductFactory(
            name="Mật ong rừng Tam Đảo",
            description="Mật ong rừng Tam Đảo, hũ thủy tinh.",
            price=250_000,
        ),
        ProductFactory(name="Mat ong bac ha", price=180_000),
        ProductFactory(name="Mật ong hoa nhãn Hưng Yên loại một", price=120_000),
        ProductFactory(name="Mật ong", price=90_000, vendor=household),
        ProductFactory(name="Mật ong hoa cà phê Đắk Lắk hũ 1 lít", price=400_000),
        ProductFactory(name="Mat ong nguyen chat", price=None, price_on_request=True),
        ProductFactory(name="Rượu mật ong", price=300_000, vendor=household),
        ProductFactory(
            name="Mật ong rừng U Minh",
            description="Mật ong rừng tràm, lấy tự nhiên.",
            price=350_000,
        ),
    ]
    _cert(in_name[1], 4)
    _cert(in_name[5], 3)
    _cert(in_name[7], 5)  # the highest tier "mật ong" can reach (exact name, phrase in text too)
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
    found = run(settings, 14, q="mật ong")
    assert (found.total, found.total_relation, found.facets_sampled) == (14, "eq", False)
    assert sum(b.count for b in found.facets["vendor_type"]) == 14
    assert {h.id for h in found.hits} == set(honey["name"] + honey["body"])


@pytest.mark.parametrize("bound", [1, 3, 6, 13])
@pytest.mark.parametrize(
    "kw",
    [
        {"q": "mật ong", "page_size": 1},  # a starred top-tier name match fills the page
        {"q": "mat ong", "page_size": 2},  # starred name matches, but not of the top tier
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
    # the ranked page reads its names and descriptions as the counting statement does
    assert [h.highlight for h in bounded.hits] == [h.highlight for h in exact.hits]
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


def test_a_page_filled_by_a_higher_step_ranks_nothing_below(settings, honey, monkeypatch):
    """The first ranking step runs in the counting statement, the others in one more statement
    when it is not the answer (D251); a step returns rows only when no earlier one answered."""
    calls: list[tuple[int, list[str]]] = []  # (steps in the statement, steps returning rows)

    def seen(rows, steps, page_size, **kw):
        calls.append((len(steps), sorted({r[0] for r in rows if r[0].startswith("step")})))
        return step_page(rows, steps, page_size, **kw)

    monkeypatch.setattr("search.backends.database.backend.step_page", seen)

    def searched(**kw):
        with CaptureQueriesContext(connection) as queries:
            found = run(settings, 3, **kw)
        statements = [q for q in queries.captured_queries if "search_productentry" in q["sql"]]
        return found, len(statements)

    # starred name matches of the top tier fill it: one statement, nothing else ranked
    first, statements = searched(q="mật ong", page_size=1)
    assert (statements, calls) == (1, [(1, ["step0"])])
    assert [h.id for h in first.hits] == [honey["name"][7]]
    # 3 starred name matches cannot fill 4 places; the 8 name matches can (the full ranking,
    # the last step of the second statement, returns nothing)
    calls.clear()
    page, statements = searched(q="mật ong", page_size=4)
    assert (statements, calls) == (2, [(1, ["step0"]), (2, ["step0"])])
    assert {h.id for h in page.hits} <= set(honey["name"])
    # places 6–10: no starred name there, and the name matches run out at 8: all is ranked
    calls.clear()
    second, statements = searched(q="mật ong", page_size=5, page=2)
    assert (statements, calls) == (2, [(1, []), (2, ["step0", "step1"])])
    assert [h.id for h in second.hits][-1] in honey["body"]
    # starred, but not of the top tier ("mat ong" has no diacritics: the exact tier is out of
    # reach, and the 4 and 3 stars names lack the phrase in their text): the step is not enough
    calls.clear()
    searched(q="mat ong", page_size=2)
    assert calls == [(1, ["step0"]), (2, ["step0"])]
    # under the bound the page comes from the hits themselves: no step is read
    calls.clear()
    settings.SEARCH_TRACK_TOTAL_HITS = 100
    assert search.database_backend().search_products(ProductQuery(q="mat ong")).total == 14
    assert calls == []


def test_the_api_says_when_the_count_is_a_lower_bound(api_client, settings, honey):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_TRACK_TOTAL_HITS = 5
    body = api_client.get(URL, {"q": "mat ong", "page_size": 5}).json()
    assert (body["count"], body["total_relation"], body["facets_sampled"]) == (5, "gte", True)
    assert body["next"] is not None  # there is more than was counted
    settings.SEARCH_TRACK_TOTAL_HITS = 100
    body = api_client.get(URL, {"q": "mat ong", "page_size": 5}).json()
    assert (body["count"], body["total_relation"], body["facets_sampled"]) == (14, "eq", False)
