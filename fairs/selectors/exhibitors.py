"""Reads on exhibitor applications and fair showcases."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from fairs.models import (
    HOLDING_STATUSES,
    PUBLISHED_FAIR_STATUSES,
    ShowcaseItem,
)


def showcase_item_public_filter(prefix: str = "") -> Q:
    """Showcase rows that are public: the application holds booths at a published fair."""
    return Q(
        **{
            f"{prefix}application__status__in": HOLDING_STATUSES,
            f"{prefix}application__fair__status__in": PUBLISHED_FAIR_STATUSES,
        }
    )


def fair_slugs_for_products(*, product_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each product id, the slugs of published fairs whose showcase includes it (one query).

    Products shown nowhere map to an empty list, so callers can index the result directly.
    """
    ids = list(product_ids)
    result: dict[int, list[str]] = {pid: [] for pid in ids}
    if not ids:
        return result
    rows = (
        ShowcaseItem.objects.filter(showcase_item_public_filter(), product_id__in=ids)
        .values_list("product_id", "application__fair__slug")
        .distinct()
        .order_by("product_id", "application__fair__slug")
    )
    for product_id, slug in rows:
        result[product_id].append(slug)
    return result
