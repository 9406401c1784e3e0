"""The conformance suite on the SQLite FTS5 backend (when the test database is SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection

from search.backends.sqlite import SqliteBackend
from tests.search.conformance import BackendConformance


class TestSqliteConformance(BackendConformance):
    @pytest.fixture
    def search_backend(self, db):
        if connection.vendor != "sqlite":
            pytest.skip("the test database is not SQLite (make test runs a second SQLite pass)")
        return SqliteBackend()
