"""Each database backend's conformance class runs on its own database only.

`make test` runs the whole suite on the configured database and, when that is PostgreSQL, runs
tests/search again on SQLite (the Makefile), so both classes run in CI. The class for the other
database is deselected at collection (reported as deselected, not skipped); run on the wrong
database it fails.
"""

from __future__ import annotations

import pytest
from django.conf import settings

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
