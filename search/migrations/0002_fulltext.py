"""Full-text structures of the database backends, per database vendor.

SQLite: FTS5 tables over the entry tables (external content), kept in step by triggers.
PostgreSQL: a generated, weighted tsvector column with a GIN index on each entry table, and
pg_trgm with a trigram index on the vocabulary for typo correction.
"""

from django.db import migrations

from search.migrations._fulltext import (
    POSTGRES_BACKWARD,
    POSTGRES_FORWARD,
    SQLITE_BACKWARD,
    SQLITE_FORWARD,
)

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
