"""Paging public lists at a bounded cost (D86): a bounded count, seek keys on the next and
previous links (no OFFSET however deep), and an OFFSET cap for pages asked for by number."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.api.filters import ORDERINGS
from catalog.models import Product
from core.api.pagination import PageNumberPagination
from tests.factories import ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def small_limits(monkeypatch):
    """Counting stops past 30 rows; pages by number reach 50 rows deep."""
    monkeypatch.setattr(PageNumberPagination, "count_limit", 30)
    monkeypatch.setattr(PageNumberPagination, "max_offset", 50)


@pytest.fixture
def catalogue(vendor):
    """120 public products with ties and nulls in every ordering key: equal publication times
    and prices, prices on request (NULL), a few published without a date (NULL)."""
    base = timezone.now()
    for i in range(120):
        on_request = i % 7 == 0
        ProductFactory(
            vendor=vendor,
            slug=f"p-{i:03d}",
            name=f"Sản phẩm {i % 40:02d}",
            price=None if on_request else 10_000 * (i % 9),
            price_on_request=on_request,
            published_at=None if i % 31 == 0 else base - dt.timedelta(minutes=i // 3),
        )
    ProductFactory(vendor=VendorFactory(status="suspended"), slug="hidden")


def _page_query(queries):
    return next(q["sql"] for q in queries if q["sql"].startswith('SELECT "catalog_product"."id"'))


def _walk(api_client, url, link="next"):
    slugs, sqls, bodies = [], [], []
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        bodies.append(body)
        sqls.append(_page_query(queries.captured_queries))
        slugs.append([p["slug"] for p in body["results"]])
        url = body[link]
    return slugs, sqls, bodies


@pytest.mark.parametrize("ordering", list(ORDERINGS))
def test_following_next_seeks_past_the_offset_cap_in_the_order_of_the_list(
    api_client, catalogue, small_limits, ordering
):
    expected = list(
        Product.objects.filter(status="published", vendor__status="approved")
        .order_by(*ORDERINGS[ordering])
        .values_list("slug", flat=True)
    )
    pages, sqls, bodies = _walk(api_client, f"{LIST}?ordering={ordering}&page_size=10")

    assert [s for page in pages for s in page] == expected  # all 120, none twice, none lost
    assert len(pages) == 12  # 120 rows, though pages by number stop 50 rows deep
    for sql in sqls:
        assert "OFFSET" not in sql.upper()
        assert re.search(r"LIMIT 11\b", sql)  # a page and one row to know there is a next
    for n, previous in enumerate(bodies[:-1], start=2):
        query = parse_qs(urlsplit(previous["next"]).query)
        assert query["page"] == [str(n)] and "after" in query
    # The count stops at 30 and says so; deeper, it is at least the rows seen.
    assert (bodies[0]["count"], bodies[0]["total_relation"]) == (30, "gte")
    assert (bodies[8]["count"], bodies[8]["total_relation"]) == (91, "gte")
    assert bodies[-1]["next"] is None

    # ... and back from the last page through the previous links, same pages.
    back, back_sqls, _ = _walk(api_client, bodies[-1]["previous"], link="previous")
    assert back == pages[-2::-1]
    assert all("OFFSET" not in sql.upper() for sql in back_sqls)


def test_a_page_by_number_reads_by_offset_up_to_the_cap_then_400(
    api_client, catalogue, small_limits
):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(LIST, {"page": 5, "page_size": 10})
    assert response.status_code == 200
    page_sql = _page_query(queries.captured_queries)
    body = response.json()
    assert [p["slug"] for p in body["results"]] == [
        p["slug"] for p in api_client.get(LIST, {"page_size": 50}).json()["results"][40:]
    ]
    # The deferred join: the page's ids by OFFSET in a lean subquery, then those rows.
    assert re.search(r"LIMIT 11 OFFSET 40\)", page_sql)
    assert body["next"] is not None and "after=" in body["next"]  # beyond the cap: seek

    response = api_client.get(LIST, {"page": 6, "page_size": 10})
    assert response.status_code == 400
    assert "page" in str(response.json())


def test_the_count_is_exact_under_the_limit_and_bounded_over_it(
    api_client, vendor, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(PageNumberPagination, "count_limit", 5)
    ProductFactory.create_batch(5, vendor=vendor)
    body = api_client.get(LIST).json()
    assert (body["count"], body["total_relation"], body["next"]) == (5, "eq", None)

    ProductFactory(vendor=vendor)
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(LIST, {"page_size": 2}).json()
    assert (body["count"], body["total_relation"]) == (5, "gte")
    (count_sql,) = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert re.search(r"LIMIT 6\) subquery", count_sql)  # counts at most limit + 1 rows


def test_a_seek_key_from_another_ordering_or_forged_is_a_400(api_client, catalogue):
    next_link = api_client.get(LIST, {"page_size": 5}).json()["next"]
    token = parse_qs(urlsplit(next_link).query)["after"][0]
    response = api_client.get(LIST, {"page": 2, "after": token, "ordering": "name"})
    assert response.status_code == 400
    assert "after" in response.json()["errors"]
    response = api_client.get(LIST, {"page": 2, "before": "not-a-key"})
    assert response.status_code == 400
    assert "before" in response.json()["errors"]


def test_storefronts_seek_too(api_client, small_limits):
    VendorFactory.create_batch(25)
    pages = _walk_vendors(api_client, "/api/v1/vendors/?page_size=4")
    assert len(pages) == 7 and len({s for p in pages for s in p}) == 25
    assert sum(len(p) for p in pages) == 25


def _walk_vendors(api_client, url):
    slugs, sqls, bodies = [], [], []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(url).json()
        bodies.append(body)
        page_sql = next(
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "marketplace_vendor"."id"')
        )
        sqls.append(page_sql)
        slugs.append([v["slug"] for v in body["results"]])
        url = body["next"]
    assert all("OFFSET" not in sql.upper() for sql in sqls)
    return slugs


def test_a_page_by_seek_key_or_by_number_costs_the_queries_of_the_first(
    api_client, catalogue, django_assert_num_queries
):
    """Page + gallery prefetch + bounded count, as tests/catalog/test_products_api.py pins for
    the first page: the seek and the deferred join are one query each."""
    next_link = api_client.get(LIST, {"page_size": 10}).json()["next"]
    with django_assert_num_queries(3):
        assert api_client.get(next_link).status_code == 200
    with django_assert_num_queries(3):
        assert api_client.get(LIST, {"page": 4, "page_size": 10}).status_code == 200
