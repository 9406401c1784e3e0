"""The conformance suite on the PostgreSQL backend (when the test database is PostgreSQL).

With CI=true this must run: a non-PostgreSQL database fails instead of skipping.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from search.backends.postgres import PostgresBackend
from tests.search.conformance import BackendConformance


class TestPostgresConformance(BackendConformance):
    @pytest.fixture
    def search_backend(self, db):
        if connection.vendor != "postgresql":
            # CI runs tests/search a second time on SQLite on purpose (see the Makefile).
            if os.environ.get("CI") and not os.environ.get("GT_SEARCH_SQLITE_PASS"):
                pytest.fail("CI=true: the PostgreSQL search backend must be tested on PostgreSQL")
            pytest.skip("the test database is not PostgreSQL (set DATABASE_URL)")
        return PostgresBackend()
