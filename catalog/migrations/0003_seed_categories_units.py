"""Seed the category tree (OCOP sectors, rural-industry groups) and the units."""

from django.db import migrations


def seed(apps, schema_editor):
    from catalog.seed import OCOP_TREE, RURAL_INDUSTRY_TREE, seed_categories, seed_units

    category = apps.get_model("catalog", "Category")
    seed_categories(category, "ocop", OCOP_TREE)
    seed_categories(category, "rural_industry", RURAL_INDUSTRY_TREE)
    seed_units(apps.get_model("catalog", "Unit"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
