# The audit log moved from `marketplace` to `core` (D80). Its table was created by
# marketplace 0001 and keeps its name: this migration only tells Django's state where the model
# lives now, and renames its content type so audit permissions and admin history stay attached.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="core", model="auditlog").exists():
        ContentType.objects.using(db).filter(app_label="marketplace", model="auditlog").update(
            app_label="core"
        )


def content_type_to_marketplace(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="core", model="auditlog").update(
        app_label="marketplace"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("marketplace", "0008_change_txid"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                        ("action", models.CharField(db_index=True, max_length=80, verbose_name="action")),
                        ("target_id", models.CharField(max_length=64, verbose_name="target id")),
                        ("target_repr", models.CharField(max_length=255, verbose_name="target")),
                        ("from_state", models.CharField(blank=True, max_length=40, verbose_name="from")),
                        ("to_state", models.CharField(blank=True, max_length=40, verbose_name="to")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("data", models.JSONField(blank=True, default=dict, verbose_name="data")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="actor")),
                        ("target_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype", verbose_name="target type")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "db_table": "marketplace_auditlog",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["target_type", "target_id", "-created_at"], name="marketplace_target__769260_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_marketplace),
    ]
