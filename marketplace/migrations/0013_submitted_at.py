"""Storefronts record when they last went to the moderators (D95): existing ones take the time of
their latest move into `pending` from the audit log, else their creation."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce


def backfill(apps, schema_editor) -> None:
    vendor = apps.get_model("marketplace", "Vendor")
    audit_log = apps.get_model("core", "AuditLog")
    content_type = apps.get_model("contenttypes", "ContentType")
    vendor.objects.update(submitted_at=F("created_at"))
    target = content_type.objects.filter(app_label="marketplace", model="vendor").first()
    if target is None:
        return
    latest = (
        audit_log.objects.filter(
            target_type=target,
            target_id=Cast(OuterRef("pk"), CharField()),
            to_state="pending",
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    vendor.objects.update(submitted_at=Coalesce(Subquery(latest), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0012_list_indexes"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="vendor",
            name="submitted_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="submitted at"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
