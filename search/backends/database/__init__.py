"""The database backends (the default): SQLite FTS5 and PostgreSQL full-text search.

- backend.py    DatabaseBackend: what the two share (search.base.SearchBackend)
- sqlite.py     SqliteBackend: FTS5 matching, typo candidates by edit distance
- postgres.py   PostgresBackend: tsvector matching, typo candidates by pg_trgm
- sql.py        the product search statement, assembled from constant fragments
- relevance.py  the relevance tiers, as SQL and as ORM expressions
- facets.py     facet buckets: counted in the statement, labelled and rolled up here
- suggest.py    suggestions as you type
- entries.py    the entry rows (text plus copied filter columns) and writing them
"""
