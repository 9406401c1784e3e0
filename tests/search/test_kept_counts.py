"""A search's count and facets are kept for the public write generation and serve its other
pages, sizes and orders: those ask the backend for the page alone (D245)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import search
from catalog.models import Product
from search.base import ProductQuery
from tests.factories import ProductFactory, VendorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.response_cache]

URL = "/api/v1/search/products/"
COUNTING = "WITH m AS"  # the statement that counts and facets (sql.products_sql)


@pytest.fixture(autouse=True)
def _no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


@pytest.fixture
def honey(db):
    vendors = VendorFactory.create_batch(3)
    for i in range(25):
        ProductFactory(vendor=vendors[i % 3], name=f"Mật ong rừng số {i}", price=10_000 * (i + 1))
    ProductFactory(vendor=vendors[0], name="Chè búp Thái Nguyên")
    backend = search.backend()
    backend.index_vendors([v.pk for v in vendors])
    backend.index_products(Product.objects.values_list("id", flat=True))
    return vendors


def _get(api_client, language: str = "vi", **params) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(
            URL, {"q": "mat ong", "page_size": 10, **params}, HTTP_ACCEPT_LANGUAGE=language
        )
    assert response.status_code == 200, response.content
    counting = sum(COUNTING in q["sql"] for q in queries.captured_queries)
    return response.json(), counting


def _ids(body: dict) -> list[str]:
    return [r["slug"] for r in body["results"]]


def _backend_ids(**params) -> list[str]:
    query = ProductQuery(q="mat ong", page_size=10, with_facets=False, **params)
    slugs = dict(Product.objects.values_list("id", "slug"))
    return [slugs[h.id] for h in search.backend().search_products(query).hits]


def test_the_other_pages_and_orders_of_a_search_reuse_its_count_and_facets(
    api_client, honey, django_capture_on_commit_callbacks
):
    first, counting = _get(api_client)
    assert (first["count"], counting) == (25, 1)
    second, counting = _get(api_client, page=2)
    # the page alone: the same count and facets, the page ranked as a full search ranks it
    assert (second["count"], second["facets"], counting) == (25, first["facets"], 0)
    assert _ids(second) == _backend_ids(page=2) and not set(_ids(second)) & set(_ids(first))
    by_price, counting = _get(api_client, page=3, ordering="price")
    assert (by_price["count"], counting) == (25, 0)
    assert _ids(by_price) == _backend_ids(page=3, ordering="price")
    prices = [int(r["price"]) for r in by_price["results"]]
    assert prices == list(range(210_000, 260_000, 10_000))

    # other filters are another search; another language has its own labels
    filtered, counting = _get(api_client, price_max=50_000)
    assert (filtered["count"], counting) == (5, 1)
    _, counting = _get(api_client, "en", page=2)
    assert counting == 1

    # a committed write starts a new generation: counted again
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        added = ProductFactory(vendor=honey[0], name="Mật ong hoa nhãn")
        search.backend().index_products([added.pk])
    again, counting = _get(api_client, page=2)
    assert (again["count"], counting) == (26, 1)


def test_without_the_shared_cache_every_search_counts(api_client, honey, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    for page in (1, 2):
        body, counting = _get(api_client, page=page)
        assert (body["count"], counting) == (25, 1)
