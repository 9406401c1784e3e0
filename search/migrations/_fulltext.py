"""Full-text SQL of the search migrations, shared by them (not a migration: the name starts
with an underscore).

On SQLite, Django rebuilds a table to alter it and the rebuild drops its triggers: any migration
that alters search_productentry or search_vendorentry must end with `recreate_sqlite_triggers`.
"""

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_product_fts USING fts5(
        name_folded, body_folded, content='search_productentry', content_rowid='product_id',
        tokenize='unicode61', prefix='2 3')""",
    """CREATE TRIGGER search_productentry_ai AFTER INSERT ON search_productentry BEGIN
        INSERT INTO search_product_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded); END""",
    """CREATE TRIGGER search_productentry_ad AFTER DELETE ON search_productentry BEGIN
        INSERT INTO search_product_fts(search_product_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded); END""",
    """CREATE TRIGGER search_productentry_au AFTER UPDATE ON search_productentry BEGIN
        INSERT INTO search_product_fts(search_product_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded);
        INSERT INTO search_product_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded); END""",
    """CREATE VIRTUAL TABLE search_vendor_fts USING fts5(
        name_folded, body_folded, content='search_vendorentry', content_rowid='vendor_id',
        tokenize='unicode61', prefix='2 3')""",
    """CREATE TRIGGER search_vendorentry_ai AFTER INSERT ON search_vendorentry BEGIN
        INSERT INTO search_vendor_fts(rowid, name_folded, body_folded)
        VALUES (new.vendor_id, new.name_folded, new.body_folded); END""",
    """CREATE TRIGGER search_vendorentry_ad AFTER DELETE ON search_vendorentry BEGIN
        INSERT INTO search_vendor_fts(search_vendor_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.vendor_id, old.name_folded, old.body_folded); END""",
    """CREATE TRIGGER search_vendorentry_au AFTER UPDATE ON search_vendorentry BEGIN
        INSERT INTO search_vendor_fts(search_vendor_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.vendor_id, old.name_folded, old.body_folded);
        INSERT INTO search_vendor_fts(rowid, name_folded, body_folded)
        VALUES (new.vendor_id, new.name_folded, new.body_folded); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_productentry_ai",
    "DROP TRIGGER IF EXISTS search_productentry_ad",
    "DROP TRIGGER IF EXISTS search_productentry_au",
    "DROP TABLE IF EXISTS search_product_fts",
    "DROP TRIGGER IF EXISTS search_vendorentry_ai",
    "DROP TRIGGER IF EXISTS search_vendorentry_ad",
    "DROP TRIGGER IF EXISTS search_vendorentry_au",
    "DROP TABLE IF EXISTS search_vendor_fts",
]

_TSV = (
    "setweight(to_tsvector('simple'::regconfig, name_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_folded), 'C')"
)
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE search_productentry ADD COLUMN document tsvector "
    f"GENERATED ALWAYS AS ({_TSV}) STORED",
    "CREATE INDEX search_productentry_document ON search_productentry USING gin (document)",
    f"ALTER TABLE search_vendorentry ADD COLUMN document tsvector "
    f"GENERATED ALWAYS AS ({_TSV}) STORED",
    "CREATE INDEX search_vendorentry_document ON search_vendorentry USING gin (document)",
    "CREATE INDEX search_term_trgm ON search_term USING gin (term gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trgm",
    "ALTER TABLE search_vendorentry DROP COLUMN IF EXISTS document",
    "ALTER TABLE search_productentry DROP COLUMN IF EXISTS document",
]



SQLITE_TRIGGERS = [sql for sql in SQLITE_FORWARD if sql.startswith("CREATE TRIGGER")]


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_BACKWARD:
        if sql.startswith("DROP TRIGGER"):
            schema_editor.execute(sql)
    for sql in SQLITE_TRIGGERS:
        schema_editor.execute(sql)
