"""The one place that turns catalogue rows into search documents, for every backend.

A product document (a plain dict, JSON-ready) has:

    id, slug, name, name_lower (lower case, diacritics kept, NFC), name_folded, description,
    description_folded, vendor_id, vendor_slug, vendor_name, vendor_name_folded, vendor_type,
    category_id, category_slug, category_path ("thuc-pham/rau-cu-qua/"), category_slugs (the
    category and its ancestors, root first), category_names, province_code, province_name,
    commune_code, commune_name, places_folded (commune and province names, folded),
    ocop_stars (best stars valid today, or None), ocop_stars_until (the day those stars stop
    counting, ISO date, or None), ocop_valid_until ({"3"|"4"|"5": last day-after-validity ISO
    date} for every star level held today: with it a backend can tell the stars valid on any later
    day without a reindex), price (VND int or None), price_on_request, price_band,
    published_at (ISO datetime or None), rating (average of published reviews, or None),
    fairs (slugs of fairs whose showcase has the product), visible (published AND storefront
    approved: an invisible product must be deleted from an index, never shown).

A vendor document has: id, slug, name, name_lower, name_folded, legal_name_folded,
description_folded, vendor_type, province_code, province_name, commune_code, commune_name,
places_folded, approved_at, product_count (published products), visible (approved).

Documents are built with a handful of set-based queries per call, whatever the number of ids;
`iter_product_documents()` walks the whole catalogue in id order in chunks for a full reindex.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from catalog.models import Category, Product, ProductStatus
from catalog.selectors import certificates_valid_on, product_public_filter
from core.text import fold
from fairs.selectors import fair_slugs_for_products as fair_slugs
from marketplace.models import Vendor, VendorStatus
from search.base import price_band

Document = dict[str, Any]
DEFAULT_CHUNK = 2000


def lower_exact(text: str) -> str:
    """Lower case with diacritics kept (NFC), whitespace collapsed: for exact-spelling matches."""
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def fair_slugs_for_products(product_ids: list[int]) -> dict[int, list[str]]:
    """Fairs whose showcase holds each product (the fairs app answers, in one query)."""
    return fair_slugs(product_ids=product_ids)


def _categories() -> tuple[dict[str, str], dict[str, str]]:
    """(path → slug, path → name) for every category (a small table)."""
    by_path: dict[str, str] = {}
    names: dict[str, str] = {}
    for path, slug, name in Category.objects.values_list("path", "slug", "name"):
        by_path[path] = slug
        names[path] = name
    return by_path, names


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _stars(product_ids: list[int], today: dt.date) -> dict[int, dict[int, dt.date]]:
    """product id → {stars: latest expiry} over certificates valid today."""
    held: dict[int, dict[int, dt.date]] = defaultdict(dict)
    rows = (
        certificates_valid_on(today)
        .filter(product_id__in=product_ids)
        .values_list("product_id", "stars", "expires_on")
    )
    for pid, stars, expires_on in rows:
        current = held[pid].get(stars)
        if current is None or expires_on > current:
            held[pid][stars] = expires_on
    return held


PRODUCT_VALUES = (
    "id",
    "slug",
    "name",
    "description",
    "status",
    "price",
    "price_on_request",
    "published_at",
    "vendor_id",
    "vendor__slug",
    "vendor__display_name",
    "vendor__kind",
    "vendor__status",
    "category_id",
    "category__path",
    "origin_province_id",
    "origin_province__name",
    "origin_commune_id",
    "origin_commune__name",
    "rating_avg",
)


def product_documents(ids: Iterable[int], *, today: dt.date | None = None) -> list[Document]:
    """Documents of the products among `ids` that exist (missing ids are simply absent)."""
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return []
    today = today or timezone.localdate()
    rows = list(Product.objects.filter(id__in=id_list).order_by("id").values(*PRODUCT_VALUES))
    slugs, names = _categories()
    stars = _stars(id_list, today)
    fairs = fair_slugs_for_products(id_list)
    docs: list[Document] = []
    for r in rows:
        held = stars.get(r["id"], {})
        best = max(held) if held else None
        path = r["category__path"]
        ancestors = _ancestor_paths(path)
        published_at = r["published_at"]
        docs.append(
            {
                "id": r["id"],
                "slug": r["slug"],
                "name": r["name"],
                "name_lower": lower_exact(r["name"]),
                "name_folded": fold(r["name"]),
                "description": r["description"],
                "description_folded": fold(r["description"]),
                "vendor_id": r["vendor_id"],
                "vendor_slug": r["vendor__slug"],
                "vendor_name": r["vendor__display_name"],
                "vendor_name_folded": fold(r["vendor__display_name"]),
                "vendor_type": r["vendor__kind"],
                "category_id": r["category_id"],
                "category_slug": slugs.get(path, ""),
                "category_path": path,
                "category_slugs": [slugs[p] for p in ancestors if p in slugs],
                "category_names": [names[p] for p in ancestors if p in names],
                "province_code": r["origin_province_id"],
                "province_name": r["origin_province__name"],
                "commune_code": r["origin_commune_id"],
                "commune_name": r["origin_commune__name"],
                "places_folded": fold(f"{r['origin_commune__name']} {r['origin_province__name']}"),
                "ocop_stars": best,
                "ocop_stars_until": held[best].isoformat() if best else None,
                "ocop_valid_until": {str(s): d.isoformat() for s, d in sorted(held.items())},
                "price": r["price"],
                "price_on_request": r["price_on_request"],
                "price_band": price_band(r["price"], r["price_on_request"]),
                "published_at": published_at.isoformat() if published_at else None,
                "rating": None if r["rating_avg"] is None else float(r["rating_avg"]),
                "fairs": sorted(fairs.get(r["id"], [])),
                "visible": r["status"] == ProductStatus.PUBLISHED
                and r["vendor__status"] == VendorStatus.APPROVED,
            }
        )
    return docs


def vendor_documents(ids: Iterable[int]) -> list[Document]:
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return []
    rows = list(
        Vendor.objects.filter(id__in=id_list)
        .order_by("id")
        .annotate(n_published=Count("products", filter=Q(products__status=ProductStatus.PUBLISHED)))
        .values(
            "id",
            "slug",
            "display_name",
            "legal_name",
            "description",
            "kind",
            "status",
            "approved_at",
            "province_id",
            "province__name",
            "commune_id",
            "commune__name",
            "n_published",
        )
    )
    return [
        {
            "id": r["id"],
            "slug": r["slug"],
            "name": r["display_name"],
            "name_lower": lower_exact(r["display_name"]),
            "name_folded": fold(r["display_name"]),
            "legal_name_folded": fold(r["legal_name"]),
            "description_folded": fold(r["description"]),
            "vendor_type": r["kind"],
            "province_code": r["province_id"],
            "province_name": r["province__name"],
            "commune_code": r["commune_id"],
            "commune_name": r["commune__name"],
            "places_folded": fold(f"{r['commune__name']} {r['province__name']}"),
            "approved_at": r["approved_at"].isoformat() if r["approved_at"] else None,
            "product_count": r["n_published"],
            "visible": r["status"] == VendorStatus.APPROVED,
        }
        for r in rows
    ]


def _id_chunks(model: Any, chunk_size: int, where: Q | None) -> Iterator[list[int]]:
    last = 0
    qs = model.objects.all() if where is None else model.objects.filter(where)
    while True:
        ids = list(qs.filter(id__gt=last).order_by("id").values_list("id", flat=True)[:chunk_size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def iter_product_id_chunks(
    chunk_size: int = DEFAULT_CHUNK, *, visible_only: bool = True
) -> Iterator[list[int]]:
    """Product ids in ascending chunks (keyset pagination, cheap at any size)."""
    yield from _id_chunks(Product, chunk_size, product_public_filter() if visible_only else None)


def iter_product_documents(
    chunk_size: int = DEFAULT_CHUNK, *, visible_only: bool = True
) -> Iterator[list[Document]]:
    """The whole catalogue, one list of documents per chunk of ids (for a full reindex)."""
    today = timezone.localdate()
    for ids in iter_product_id_chunks(chunk_size, visible_only=visible_only):
        yield product_documents(ids, today=today)


def iter_vendor_id_chunks(
    chunk_size: int = DEFAULT_CHUNK, *, visible_only: bool = True
) -> Iterator[list[int]]:
    yield from _id_chunks(
        Vendor, chunk_size, Q(status=VendorStatus.APPROVED) if visible_only else None
    )


def iter_vendor_documents(
    chunk_size: int = DEFAULT_CHUNK, *, visible_only: bool = True
) -> Iterator[list[Document]]:
    for ids in iter_vendor_id_chunks(chunk_size, visible_only=visible_only):
        yield vendor_documents(ids)
