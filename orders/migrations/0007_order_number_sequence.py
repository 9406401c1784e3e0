"""Order numbers from a PostgreSQL sequence (D216): created above every number given so far by
the month counters of D122 (orders_ordersequence, kept: SQLite still uses it), so no new number
can repeat an old one whatever its month. Nothing to do on other databases."""

from django.db import migrations

SEQUENCE = "orders_order_number_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT GREATEST("
            " (SELECT COALESCE(MAX(last), 0) FROM orders_ordersequence),"
            " (SELECT COALESCE(MAX(CAST(split_part(number, '-', 3) AS bigint)), 0)"
            "  FROM orders_order WHERE number ~ '^[A-Z]+-[0-9]{4}-[0-9]{1,18}$'))"
        )
        (highest,) = cursor.fetchone()
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint MINVALUE 1")
    if highest:
        schema_editor.execute("SELECT setval(%s, %s)", [SEQUENCE, highest])


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_review_complaint_pictures"),
    ]

    operations = [
        migrations.RunPython(create_sequence, drop_sequence, elidable=False),
    ]
