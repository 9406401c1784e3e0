"""Finding things: one search interface (search.base) with database and Elasticsearch backends.

`search.backend()` returns the backend chosen by the SEARCH_BACKEND setting:

- `database` (default): SQLite FTS5 or PostgreSQL full-text search, by the database in use;
- `elasticsearch`: search.backends.elasticsearch.ElasticsearchBackend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.base import SearchBackend


def database_backend() -> SearchBackend:
    """The database backend for the current database vendor."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from search.backends.sqlite import SqliteBackend

    return SqliteBackend()


def backend(name: str | None = None) -> SearchBackend:
    from django.conf import settings

    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return database_backend()
    if name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    raise ValueError(f"unknown SEARCH_BACKEND {name!r} (database or elasticsearch)")
