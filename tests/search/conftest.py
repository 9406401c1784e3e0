"""Each database backend's conformance class runs on its own database only; the fixtures of the
tests that talk to a live Elasticsearch.

`make test` runs the whole suite on the configured database and, when that is PostgreSQL, runs
tests/search again on SQLite (the Makefile), so both classes run in CI. The class for the other
database is deselected at collection (reported as deselected, not skipped); run on the wrong
database it fails.
"""

from __future__ import annotations

import pytest
from django.conf import settings

import search
from search.backends.elasticsearch import indices
from search.models import IndexQueue
from tests.search.conformance import build_catalogue
from tests.search.es_support import elasticsearch_url, unique_prefix

_CLASS_DATABASE = {
    "TestSqliteConformance": "sqlite3",
    "TestPostgresConformance": "postgresql",
    "TestPostgresPlans": "postgresql",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        cls = getattr(item, "cls", None)
        wanted = _CLASS_DATABASE.get(cls.__name__) if cls is not None else None
        (drop if wanted is not None and not engine.endswith(wanted) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def live(db, settings):
    """The cluster of ELASTICSEARCH_URL as the search backend, under an index prefix of this
    test's own (dropped after it), the database as the fallback (so rebuild() fills both)."""
    url = elasticsearch_url()
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = unique_prefix()
    settings.ELASTICSEARCH_FALLBACK = "database"
    yield url
    indices.drop_all(indices.client(url), settings.ELASTICSEARCH_INDEX_PREFIX)


@pytest.fixture
def live_catalogue(live):
    """The conformance catalogue, indexed in the live cluster (and the database index)."""
    cat = build_catalogue()
    search.backend().rebuild()
    IndexQueue.objects.all().delete()  # what building the catalogue queued is indexed now
    return cat
