# The audit log moved to `core` (D80): state only, the table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0008_change_txid"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditLog")],
            database_operations=[],
        ),
    ]
