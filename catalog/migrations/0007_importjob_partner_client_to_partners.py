# Partner clients moved to the `partners` app (D85) with their table: the foreign key points at
# the same table as before, so only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_import_job_partner"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="importjob",
                    name="partner_client",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="partners.partnerclient",
                        verbose_name="partner client",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
