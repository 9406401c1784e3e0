"""GET /api/v1/stats/ is counted once per STATS_CACHE_SECONDS, language and audience."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"


@pytest.fixture
def locmem_cache(settings):
    """Expiry the test can move past with time-machine (Redis keeps its own clock)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }


def test_second_call_costs_no_query(
    api_client, moderator_client, vendor, django_assert_num_queries
):
    ProductFactory(vendor=vendor)
    first = api_client.get(URL).json()
    with django_assert_num_queries(0):
        again = api_client.get(URL)
    assert again.json() == first
    # Moderators have their own entry (with `moderation`), and it is cached too.
    staff = moderator_client.get(URL).json()
    assert "moderation" in staff
    with django_assert_num_queries(0):
        assert moderator_client.get(URL).json() == staff
    # The public entry never carries the moderators' figures.
    assert "moderation" not in api_client.get(URL).json()


def test_each_language_has_its_own_entry(api_client, vendor, django_assert_num_queries):
    api_client.get(URL, HTTP_ACCEPT_LANGUAGE="vi")
    with django_assert_num_queries(15):
        api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(0):
        api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")


def test_refreshed_after_the_setting(api_client, vendor, settings, locmem_cache):
    settings.STATS_CACHE_SECONDS = 20
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        before = api_client.get(URL).json()["products"]["published"]
        ProductFactory(vendor=vendor)
        clock.move_to(start + dt.timedelta(seconds=19))
        assert api_client.get(URL).json()["products"]["published"] == before
        clock.move_to(start + dt.timedelta(seconds=21))
        assert api_client.get(URL).json()["products"]["published"] == before + 1


def test_zero_turns_the_cache_off(api_client, vendor, settings):
    settings.STATS_CACHE_SECONDS = 0
    before = api_client.get(URL).json()["products"]["published"]
    ProductFactory(vendor=vendor)
    assert api_client.get(URL).json()["products"]["published"] == before + 1
