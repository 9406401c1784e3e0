"""A GIN index on the folded product name alone (PostgreSQL), so "every word in the name" is
answered by the index instead of rechecking the weight of every row the whole-entry tsvector
matches. The database backend ranks those name matches first when they fill the page.

SQLite needs nothing: FTS5 filters a column itself (`name_folded : (...)`). An index only, no
table rebuild, so the FTS triggers stay.
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX search_productentry_name_document ON search_productentry "
        "USING gin (to_tsvector('simple'::regconfig, name_folded))",
    ],
}
BACKWARD = {
    "postgresql": ["DROP INDEX IF EXISTS search_productentry_name_document"],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_queue_attempts")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
