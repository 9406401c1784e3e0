"""Finding things: one search interface (search.base) with database and Elasticsearch backends.

`search.backend()` returns the backend chosen by the SEARCH_BACKEND setting:

- `database` (default): SQLite FTS5 or PostgreSQL full-text search, by the database in use;
- `elasticsearch`: search.backends.elasticsearch.ElasticsearchBackend.

Backends are named by dotted path and imported when first chosen: this package is imported
while the app registry loads, before any model may be, and a site on the database backend
never loads the Elasticsearch client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from search.base import SearchBackend

# The database backend for each database vendor (any other vendor gets SQLite's).
DATABASE_BACKENDS = {
    "postgresql": "search.backends.database.postgres.PostgresBackend",
    "sqlite": "search.backends.database.sqlite.SqliteBackend",
}
# SEARCH_BACKEND values other than "database".
BACKENDS = {
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def database_backend() -> SearchBackend:
    """The database backend for the current database vendor."""
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    backend_class: type[SearchBackend] = import_string(DATABASE_BACKENDS[vendor])
    return backend_class()


def backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return database_backend()
    if name in BACKENDS:
        backend_class: type[SearchBackend] = import_string(BACKENDS[name])
        return backend_class()
    raise ValueError(f"unknown SEARCH_BACKEND {name!r} (database or elasticsearch)")
