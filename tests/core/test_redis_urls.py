"""Each pytest-xdist worker's own Redis databases (D238)."""

from __future__ import annotations

import os

from django.conf import settings

from core.redis_urls import redis_database_for_worker


def test_worker_n_takes_databases_3_plus_2n_and_4_plus_2n():
    assert redis_database_for_worker("redis://127.0.0.1:6379/1", 0, "gw0") == (
        "redis://127.0.0.1:6379/3"
    )
    assert redis_database_for_worker("redis://127.0.0.1:6379/2", 1, "gw1") == (
        "redis://127.0.0.1:6379/6"
    )
    assert redis_database_for_worker("redis://h:1", 0, "gw2") == "redis://h:1/7"


def test_outside_a_worker_or_redis_nothing_moves():
    assert redis_database_for_worker("redis://127.0.0.1:6379/1", 0, "") == (
        "redis://127.0.0.1:6379/1"
    )
    assert redis_database_for_worker("redis://h:1/1", 0, "master") == "redis://h:1/1"
    assert redis_database_for_worker("locmemcache://giaothuong", 0, "gw0") == (
        "locmemcache://giaothuong"
    )
    assert redis_database_for_worker("memory://localhost/", 1, "gw0") == "memory://localhost/"


def test_this_run_uses_its_workers_databases():
    """Under xdist with Redis (CI), this process's cache and broker are the worker's own, and
    Celery (which reads the variable first) agrees with the settings."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    broker = settings.CELERY_BROKER_URL
    if worker.startswith("gw") and broker.startswith("redis://"):
        number = int(worker[2:])
        assert broker.endswith(f"/{4 + 2 * number}")
        assert os.environ["CELERY_BROKER_URL"] == broker
        assert settings.CACHES["default"]["LOCATION"].endswith(f"/{3 + 2 * number}")
    else:
        assert "PYTEST_XDIST_WORKER" not in str(settings.CACHES)
