"""The conformance suite on the SQLite FTS5 backend (when the test database is SQLite).

On PostgreSQL, `make test` runs tests/search a second time on SQLite (GT_SEARCH_SQLITE_PASS=1),
so CI exercises this backend too; in that pass a non-SQLite database is a failure.
"""

from __future__ import annotations

import pytest
from django.db import connection

from search.backends.database.sqlite import SqliteBackend
from tests.search.conformance import BackendConformance
from tests.search.lead_conformance import LeadConformance


class TestSqliteConformance(BackendConformance, LeadConformance):
    @pytest.fixture
    def search_backend(self, db):
        if connection.vendor != "sqlite":  # tests/search/conftest.py deselects it there
            pytest.fail("this conformance class runs only on SQLite")
        return SqliteBackend()
