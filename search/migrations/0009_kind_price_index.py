"""PostgreSQL: a B-tree on the entry's storefront type and price, which a bitmap AND combines
with the full-text GIN index (as 0007's province and category indexes), so a broad word with a
storefront type and a price range ("nam", household, 50,000–300,000 ₫) reads only the entries
passing both instead of scanning the table until 2,001 of them do (D246). SQLite needs none:
FTS5 finds the hits and the filters are checked on them."""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX search_productentry_kind_price ON search_productentry (vendor_kind, price)",
    ],
}
BACKWARD = {"postgresql": ["DROP INDEX IF EXISTS search_productentry_kind_price"]}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_entry_rating")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
