"""Facet buckets of the database backends, shaped as search.base says.

The product statement (sql.py) counts the hits per facet key; here those counts are labelled,
ordered and, for categories, rolled up the tree. The Elasticsearch backend shapes its
aggregations with the same helpers, so both answer with the same buckets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from catalog.selectors import categories
from marketplace.models import Vendor, VendorKind
from marketplace.selectors import communes, provinces
from search.base import PRICE_BANDS, PRICE_ON_REQUEST_BAND, RATING_LEVELS, FacetBucket

# Communes listed at most (the ones with the most hits).
FACET_LIMIT = 50


def buckets(rows: Iterable[tuple[str, str, int]]) -> list[FacetBucket]:
    """(key, label, count) rows as buckets, most hits first, empty ones left out."""
    return [
        FacetBucket(key=k, label=label, count=n)
        for k, label, n in sorted(rows, key=lambda r: (-r[2], r[1]))
        if n
    ]


def band_key(index: int) -> str:
    """The key of the price band sql.price_band_sql numbers (-1: on request)."""
    return PRICE_ON_REQUEST_BAND if index < 0 else PRICE_BANDS[index][0]


def band_labels() -> dict[str, str]:
    """The label of every price band key, in the active language."""
    labels = {PRICE_ON_REQUEST_BAND: str(_("Price on request"))}
    for key, low, high in PRICE_BANDS:
        labels[key] = (
            f"{low:,} – {high:,} ₫".replace(",", ".") if high else f"≥ {low:,} ₫".replace(",", ".")
        )
    return labels


def category_tree(own: dict[int, int]) -> list[FacetBucket]:
    """Counts rolled up the tree; only branches with hits, children under parents."""
    if not own:
        return []
    # the reference table (core/reference.py): no query per search
    by_id = {c.id: (c.id, c.slug, c.name, c.path, c.parent_id) for c in categories.rows().values()}
    cats = list(by_id.values())
    by_path = {c[3]: c[0] for c in cats}
    totals: dict[int, int] = defaultdict(int)
    for cid, n in own.items():
        if cid not in by_id:
            continue
        parts = by_id[cid][3].strip("/").split("/")
        for i in range(1, len(parts) + 1):
            anc = by_path.get("/".join(parts[:i]) + "/")
            if anc is not None:
                totals[anc] += n
    children: dict[int | None, list[int]] = defaultdict(list)
    for cid in totals:
        children[by_id[cid][4]].append(cid)

    def build(parent: int | None) -> list[FacetBucket]:
        ids = sorted(children.get(parent, []), key=lambda c: (-totals[c], by_id[c][2]))
        return [
            FacetBucket(
                key=by_id[c][1],
                label=by_id[c][2],
                count=totals[c],
                children=tuple(build(c)),
            )
            for c in ids
        ]

    return build(None)


def product_facets(rows: list[tuple[Any, ...]]) -> dict[str, list[FacetBucket]]:
    """The facets of a product search from the statement's (facet, key, count, number, …)
    rows."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for k, key, n, number, *_rest in rows:
        if k in ("page", "count"):
            continue
        value = key if key is not None else number  # text keys, or integer ones (sql.facets_sql)
        if value is None or value == "":
            continue
        if k == "price":
            value = band_key(int(value))
        counts[k][str(value)] = int(n)
    facets: dict[str, list[FacetBucket]] = {}
    facets["category"] = category_tree({int(k): n for k, n in counts["category"].items()})
    # places are named from the reference tables (core/reference.py): no query per search
    facets["province"] = buckets((p, province_label(p), n) for p, n in counts["province"].items())
    top = sorted(counts["commune"].items(), key=lambda r: (-r[1], int(r[0])))[:FACET_LIMIT]
    facets["commune"] = buckets((c, commune_label(c), n) for c, n in top)
    facets["ocop_stars"] = sorted(
        (FacetBucket(key=s, label=f"{s}★", count=n) for s, n in counts["ocop_stars"].items()),
        key=lambda b: -int(b.key),
    )
    kinds = dict(VendorKind.choices)
    facets["vendor_type"] = buckets(
        (k, str(kinds.get(k, k)), n) for k, n in counts["vendor_type"].items()
    )
    labels = band_labels()
    order = [k for k, _low, _high in PRICE_BANDS] + [PRICE_ON_REQUEST_BAND]
    facets["price"] = [
        FacetBucket(key=k, label=labels[k], count=counts["price"][k])
        for k in order
        if counts["price"].get(k)
    ]
    fair_counts: dict[str, int] = defaultdict(int)
    for fairs, n in counts["fair"].items():
        for slug in fairs.split():
            fair_counts[slug] += n
    facets["fair"] = buckets((f, f, n) for f, n in fair_counts.items())
    steps = {int(k): n for k, n in counts["rating"].items()}
    facets["rating"] = rating_buckets(
        {level: sum(n for k, n in steps.items() if k >= level) for level in RATING_LEVELS}
    )
    return facets


def province_label(code: int | str) -> str:
    """A province's name from the reference table (no query), or its code when unknown."""
    place = provinces.get(int(code))
    return place.name if place is not None else str(code)


def commune_label(code: int | str) -> str:
    """A commune's name from the reference table (no query), or its code when unknown."""
    place = communes.get(int(code))
    return place.name if place is not None else str(code)


def rating_buckets(at_least: dict[int, int]) -> list[FacetBucket]:
    """{level: hits rated at least level} as buckets, highest level first, empty ones out."""
    return [
        FacetBucket(key=str(level), label=f"≥ {level}★", count=at_least[level])
        for level in RATING_LEVELS
        if at_least.get(level)
    ]


def vendor_facets(hits: QuerySet[Vendor]) -> dict[str, list[FacetBucket]]:
    """The facets of a storefront search, counted over the filtered storefronts."""
    base = hits.order_by()
    provinces = list(base.values_list("province_id", "province__name").annotate(n=Count("id")))
    kinds = dict(VendorKind.choices)
    return {
        "province": buckets((str(p), name, n) for p, name, n in provinces),
        "vendor_type": buckets(
            (k, str(kinds.get(k, k)), n)
            for k, n in base.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
        ),
    }
