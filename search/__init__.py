"""Finding things: one search interface with database and Elasticsearch backends.

Not built yet (issue 3); the package exists because the top-level layout is fixed.
"""
