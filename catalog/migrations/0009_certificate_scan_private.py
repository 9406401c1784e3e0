"""Certificate scans move to the private storage of originals (D96): the field's storage, and
the files already uploaded, moved from the public storage under the same names."""

from django.core.files.storage import Storage, storages
from django.db import migrations, models

import media.storage


def _move(apps, source: Storage, target: Storage) -> None:
    certificate = apps.get_model("catalog", "OcopCertificate")
    for pk, name in certificate.objects.exclude(scan="").values_list("pk", "scan").iterator():
        if not source.exists(name):
            continue  # already moved, or lost before: nothing to move
        if not target.exists(name):
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:
                certificate.objects.filter(pk=pk).update(scan=saved)
        source.delete(name)


def scans_to_private(apps, schema_editor) -> None:
    _move(apps, storages["default"], media.storage.private_storage())


def scans_to_public(apps, schema_editor) -> None:
    _move(apps, media.storage.private_storage(), storages["default"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_list_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ocopcertificate",
            name="scan",
            field=models.FileField(
                blank=True,
                storage=media.storage.get_private_storage,
                upload_to="certificates/%Y/%m/",
                verbose_name="scan",
            ),
        ),
        migrations.RunPython(scans_to_private, scans_to_public, elidable=True),
    ]
