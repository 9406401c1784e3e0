"""The conformance suite on the SQLite FTS5 backend (when the test database is SQLite).

On PostgreSQL, `make test` runs tests/search a second time on SQLite (GT_SEARCH_SQLITE_PASS=1),
so CI exercises this backend too; in that pass a non-SQLite database is a failure.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from search.backends.sqlite import SqliteBackend
from tests.search.conformance import BackendConformance


class TestSqliteConformance(BackendConformance):
    @pytest.fixture
    def search_backend(self, db):
        if connection.vendor != "sqlite":
            if os.environ.get("GT_SEARCH_SQLITE_PASS"):
                pytest.fail("the SQLite search pass is not running on SQLite")
            pytest.skip("the test database is not SQLite (make test runs a second SQLite pass)")
        return SqliteBackend()
