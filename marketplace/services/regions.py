"""Loading the official administrative units from the `vietnam-provinces` package."""

from __future__ import annotations

from typing import Any


def regions_sync(province_model: Any, commune_model: Any) -> tuple[int, int]:
    """Insert or update all provinces and communes; works with migration models too.

    Units that disappear from the package are kept (addresses may still point at them).
    """
    from vietnam_provinces import Province, Ward

    provinces = [
        province_model(
            code=int(p.code), name=p.name, division_type=p.division_type.value, codename=p.codename
        )
        for p in Province.iter_all()
    ]
    province_model._default_manager.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "division_type", "codename"],
    )
    communes = [
        commune_model(
            code=int(w.code),
            province_id=int(w.province_code),
            name=w.name,
            division_type=w.division_type.value,
            codename=w.codename,
        )
        for w in Ward.iter_all()
    ]
    commune_model._default_manager.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "division_type", "codename"],
    )
    return len(provinces), len(communes)
