"""Load the 34 provinces and 3,321 communes from the vietnam-provinces package."""

from django.db import migrations


def load(apps, schema_editor):
    from marketplace.services.regions import regions_sync

    regions_sync(apps.get_model("marketplace", "Province"), apps.get_model("marketplace", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
