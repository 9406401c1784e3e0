"""The suite runs on the services it claims to.

In CI (CI set to a true value) the tests must run on PostgreSQL and a Redis cache, as production
does; a missing or unreachable service fails these tests, never skips them. Elsewhere they check
the embedded default (SQLite, local-memory cache) or whatever DATABASE_URL and CACHE_URL name.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def expected_database_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if in_ci() or url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "postgresql"
    assert not url or url.startswith("sqlite:"), f"unexpected DATABASE_URL scheme: {url!r}"
    return "sqlite"


def expects_redis_cache() -> bool:
    return in_ci() or os.environ.get("CACHE_URL", "").startswith(("redis://", "rediss://"))


@pytest.mark.django_db
def test_database_is_the_one_configured_and_answers():
    assert connection.vendor == expected_database_vendor()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version_num")
            (version,) = cursor.fetchone()
            assert int(version) >= 140000, "PostgreSQL 14 or newer is required"


def test_cache_backend_is_the_one_configured():
    if expects_redis_cache():
        assert settings.CACHES["default"]["BACKEND"] == REDIS_BACKEND, (
            "CI must run on Redis: set CACHE_URL=redis://HOST:PORT/DB"
        )
        backend = caches["default"]
        assert isinstance(backend, RedisCache)
        assert backend._cache.get_client(write=True).ping() is True
    elif not os.environ.get("CACHE_URL"):
        assert isinstance(caches["default"], LocMemCache)


def test_cache_round_trips_values():
    key = f"test-ci-services:{uuid.uuid4().hex}"
    counter = f"{key}:hits"
    value = {"name": "Bưởi Đoan Hùng", "ocop_stars": 4, "price_vnd": 45_000}
    try:
        cache.set(key, value, timeout=60)
        assert cache.get(key) == value
        assert cache.add(counter, 0, timeout=60)
        assert cache.incr(counter) == 1
        assert cache.get(counter) == 1
    finally:
        cache.delete_many([key, counter])
    assert cache.get(key) is None
