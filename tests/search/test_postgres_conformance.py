"""The conformance suite on the PostgreSQL backend (when the test database is PostgreSQL).

On another database it is deselected at collection (tests/search/conftest.py); CI runs it on
PostgreSQL, which tests/conftest.py requires there.
"""

from __future__ import annotations

import pytest
from django.db import connection

from search.backends.database.postgres import PostgresBackend
from tests.search.conformance import BackendConformance
from tests.search.lead_conformance import LeadConformance


class TestPostgresConformance(BackendConformance, LeadConformance):
    @pytest.fixture
    def search_backend(self, db):
        if connection.vendor != "postgresql":  # tests/search/conftest.py deselects it there
            pytest.fail("this conformance class runs only on PostgreSQL")
        return PostgresBackend()
