# Inquiries moved to `orders` (D81): state only, the tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0009_auditlog_to_core"),
        ("orders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="InquiryMessage"),
                migrations.DeleteModel(name="Inquiry"),
            ],
            database_operations=[],
        ),
    ]
