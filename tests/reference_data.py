"""The reference rows that data migrations seed (regions, categories, units).

A transactional test (the concurrency tests) ends with a flush that deletes them; a later test,
or the next run with --reuse-db, would then find no provinces. `reference_data_restore()` puts
them back when they are missing: the concurrency fixture calls it before its test, and the
session setup in tests/conftest.py calls it once so a reused database is whole again.
"""

from __future__ import annotations


def reference_data_restore() -> None:
    from catalog.models import Category, Unit
    from catalog.seed import OCOP_TREE, RURAL_INDUSTRY_TREE, seed_categories, seed_units
    from marketplace.models import Commune, Province
    from marketplace.services.regions import regions_sync

    if not Commune.objects.exists():
        regions_sync(Province, Commune)
    if not Category.objects.exists():
        seed_categories(Category, "ocop", OCOP_TREE)
        seed_categories(Category, "rural_industry", RURAL_INDUSTRY_TREE)
    if not Unit.objects.exists():
        seed_units(Unit)
