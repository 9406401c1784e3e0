"""An index on the folded product name in byte order, for suggestions by name prefix.

No table rebuild on SQLite (an index only), so the FTS triggers stay.
"""

from django.db import migrations

FORWARD = {
    "sqlite": [
        "CREATE INDEX search_productentry_name_c ON search_productentry (name_folded)",
    ],
    "postgresql": [
        'CREATE INDEX search_productentry_name_c ON search_productentry (name_folded COLLATE "C")',
    ],
}
BACKWARD = {
    "sqlite": ["DROP INDEX IF EXISTS search_productentry_name_c"],
    "postgresql": ["DROP INDEX IF EXISTS search_productentry_name_c"],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_columns")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
