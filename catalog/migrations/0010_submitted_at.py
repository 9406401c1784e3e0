"""Certificates and awards record when they last went to the moderators (D95): existing ones take
the time of their latest move into `pending_verification` from the audit log, else their
creation."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce


def backfill(apps, schema_editor) -> None:
    audit_log = apps.get_model("core", "AuditLog")
    content_type = apps.get_model("contenttypes", "ContentType")
    for name in ("OcopCertificate", "RuralIndustryAward"):
        model = apps.get_model("catalog", name)
        model.objects.update(submitted_at=F("created_at"))
        target = content_type.objects.filter(app_label="catalog", model=name.lower()).first()
        if target is None:
            continue
        latest = (
            audit_log.objects.filter(
                target_type=target,
                target_id=Cast(OuterRef("pk"), CharField()),
                to_state="pending_verification",
            )
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        model.objects.update(submitted_at=Coalesce(Subquery(latest), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_certificate_scan_private"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="ocopcertificate",
            name="submitted_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="submitted at"
            ),
        ),
        migrations.AddField(
            model_name="ruralindustryaward",
            name="submitted_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="submitted at"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
