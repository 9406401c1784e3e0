"""The shared cache of public answers (core/api/response_cache.py, D89): what it serves, what it
never keeps, and how a committed write makes the next request see it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.tokens import RefreshToken

from catalog.models import ProductStatus
from core.api import response_cache
from core.api.throttling import AnonRateThrottle
from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.media.test_api import make_image

pytestmark = [pytest.mark.django_db, pytest.mark.response_cache]

LIST = "/api/v1/products/"


@pytest.fixture
def listed(vendor):
    return [ProductFactory(vendor=vendor, slug=f"p{i}") for i in range(3)]


def slugs(response) -> list[str]:
    return sorted(p["slug"] for p in response.json()["results"])


def test_a_repeated_anonymous_read_is_served_without_the_database(
    api_client, listed, django_assert_num_queries
):
    first = api_client.get(LIST)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=30"
    with django_assert_num_queries(0):
        again = api_client.get(LIST)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Content-Type", "Cache-Control", "Vary", "Content-Language"):
        assert again[header] == first[header], header
    # a revalidation of a kept answer is a 304, still without the database
    with django_assert_num_queries(0):
        not_modified = api_client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]


def test_a_committed_takedown_shows_at_the_next_request(
    api_client, moderator_client, vendor, listed, django_capture_on_commit_callbacks
):
    other = ProductFactory(slug="elsewhere")
    assert slugs(api_client.get(LIST)) == ["elsewhere", "p0", "p1", "p2"]
    assert api_client.get(f"{LIST}p1/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        taken = moderator_client.post(
            f"/api/v1/vendors/{vendor.slug}/suspend/", {"reason": "Hàng giả"}
        )
    assert taken.status_code == 200, taken.content
    assert slugs(api_client.get(LIST)) == [other.slug]
    assert api_client.get(f"{LIST}p1/").status_code == 404


def test_a_write_without_its_commit_does_not_change_the_generation(listed):
    response_cache.new_generation()
    before = cache.get(response_cache.GENERATION_KEY)
    ProductFactory(slug="uncommitted")  # the test's transaction never commits
    assert cache.get(response_cache.GENERATION_KEY) == before


def test_one_generation_per_transaction_and_none_for_ignored_models(
    vendor, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for i in range(5):
            ProductFactory(vendor=vendor, slug=f"bulk{i}")
    assert callbacks.count(response_cache.new_generation) == 1
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        owner.save(update_fields=["last_login"])  # every sign-in does this
    assert response_cache.new_generation not in callbacks


def test_signed_in_and_partner_reads_never_come_from_the_cache(api_client, vendor, owner, listed):
    ProductFactory(vendor=vendor, slug="draft", status=ProductStatus.DRAFT)
    url = f"/api/v1/vendors/{vendor.slug}/products/"
    assert slugs(api_client.get(url)) == ["p0", "p1", "p2"]
    assert slugs(api_client.get(url)) == ["p0", "p1", "p2"]  # kept now
    bearer = f"Bearer {RefreshToken.for_user(owner).access_token}"
    members = api_client.get(url, HTTP_AUTHORIZATION=bearer)
    assert slugs(members) == ["draft", "p0", "p1", "p2"]
    assert members["Cache-Control"] == "private, no-cache"
    assert slugs(client_for(owner).get(url)) == ["draft", "p0", "p1", "p2"]
    # a session cookie is somebody signed in: never answered from the cache
    api_client.cookies["sessionid"] = "whatever"
    assert response_cache.eligible(api_client.get(url).wsgi_request) is False


def test_languages_are_kept_apart(api_client, listed):
    vi = api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="vi")
    en = api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert (vi["Content-Language"], en["Content-Language"]) == ("vi", "en")
    assert api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    assert api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "vi"


def test_errors_are_never_kept(api_client, listed, django_assert_num_queries):
    assert api_client.get(f"{LIST}nothing-here/").status_code == 404
    response = api_client.get(f"{LIST}nothing-here/")
    assert response.status_code == 404 and response["Cache-Control"] == "no-store"
    assert api_client.get(LIST, {"page": "x"}).status_code in (400, 404)


def test_a_lost_generation_never_revives_old_answers(api_client, listed, django_assert_num_queries):
    api_client.get(LIST)
    cache.delete(response_cache.GENERATION_KEY)  # evicted, or the cache restarted
    with django_assert_num_queries(3):  # rendered again: count, page, pictures
        api_client.get(LIST)
    with django_assert_num_queries(0):
        api_client.get(LIST)


def test_kept_answers_still_count_against_the_throttle(api_client, listed, monkeypatch):
    rates = {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/min"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    statuses = [api_client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_off_when_the_lifetime_is_zero(api_client, listed, settings, django_assert_num_queries):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    api_client.get(LIST)
    with django_assert_num_queries(3):
        api_client.get(LIST)


def test_hosts_are_kept_apart_when_links_follow_the_request(api_client, vendor, settings):
    """With SITE_URL unset, picture links are built on the request's host (D109): an answer made
    for one host must never be served to another."""
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["a.example.vn", "b.example.vn"]
    make_image(product=ProductFactory(vendor=vendor, slug="p0"))
    for _ in range(2):  # the second round comes from the cache
        for host in ("a.example.vn", "b.example.vn"):
            body = api_client.get(LIST, HTTP_HOST=host).json()
            url = body["results"][0]["images"][0]["renditions"][0]["url"]
            assert url.startswith(f"http://{host}/"), url


def test_a_lists_count_is_kept_for_its_other_pages_and_orders(
    api_client, vendor, django_capture_on_commit_callbacks
):
    ProductFactory.create_batch(25, vendor=vendor)

    def counts(**params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(LIST, params).json()
        return body["count"], sum("COUNT(" in q["sql"] for q in queries.captured_queries)

    assert counts(page_size=10) == (25, 1)
    assert counts(page_size=10, page=2) == (25, 0)  # a crawler walking the pages counts once
    assert counts(page_size=5, page=3, ordering="price") == (25, 0)
    assert counts(page_size=10, province=1) == (0, 1)  # another filter is another count
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ProductFactory(vendor=vendor)  # a committed write: a new generation
    assert counts(page_size=10, page=2) == (26, 1)
    # signed in: counted every time (their lists may hold more)
    signed_in = client_for(vendor.memberships.get().user)
    with CaptureQueriesContext(connection) as queries:
        signed_in.get(LIST, {"page_size": 10, "page": 3})
    assert sum("COUNT(" in q["sql"] for q in queries.captured_queries) == 1
