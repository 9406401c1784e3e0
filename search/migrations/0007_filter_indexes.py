"""PostgreSQL indexes for broad searches with filters (no table rebuild; SQLite needs none: FTS5
finds the hits and the filters are checked on them).

- B-tree indexes on the entry's province and category, which a bitmap AND combines with the
  full-text GIN index, so "nam" in one province reads only that province's hits.
- GIN indexes (whole entry and name alone) over the entries holding any OCOP star date: the
  `ocop_stars_min` filter and the database backend's "starred name matches first" step read only
  those few percent of the catalogue.
"""

from django.db import migrations

STARRED = "stars3_until IS NOT NULL OR stars4_until IS NOT NULL OR stars5_until IS NOT NULL"
FORWARD = {
    "postgresql": [
        "CREATE INDEX search_productentry_province ON search_productentry (province_id)",
        "CREATE INDEX search_productentry_category ON search_productentry (category_id)",
        "CREATE INDEX search_productentry_starred_document ON search_productentry "
        f"USING gin (document) WHERE {STARRED}",
        "CREATE INDEX search_productentry_starred_name ON search_productentry "
        f"USING gin (to_tsvector('simple'::regconfig, name_folded)) WHERE {STARRED}",
    ],
}
BACKWARD = {
    "postgresql": [
        "DROP INDEX IF EXISTS search_productentry_starred_name",
        "DROP INDEX IF EXISTS search_productentry_starred_document",
        "DROP INDEX IF EXISTS search_productentry_category",
        "DROP INDEX IF EXISTS search_productentry_province",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_name_document_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
