"""The entry rows of the database backends: what an index update writes, and writing them.

A product entry holds the folded text a backend matches (name, and a body of the description,
storefront and places) plus copies of the filter columns, so a search reads the entry table
alone; a storefront entry holds only its text. Every word indexed also goes into search_term,
the vocabulary typo correction draws from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from search import documents
from search.models import ProductEntry, Term, VendorEntry
from search.query import folded_words

# Columns an index update writes (search_check compares them, less indexed_at).
PRODUCT_ENTRY_FIELDS = [
    "name_lower",
    "name_folded",
    "body_folded",
    "fairs",
    "name",
    "vendor_id",
    "vendor_kind",
    "category_id",
    "province_id",
    "commune_id",
    "price",
    "price_on_request",
    "published_at",
    "stars3_until",
    "stars4_until",
    "stars5_until",
    "rating",
    "indexed_at",
]
VENDOR_ENTRY_FIELDS = ["name_lower", "name_folded", "body_folded", "indexed_at"]


def _words(text: str) -> str:
    return " ".join(folded_words(text))


def product_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The entry columns of a product document (search.documents)."""
    body = " ".join(
        [
            doc["description_folded"],
            doc["vendor_name_folded"],
            doc["places_folded"],
        ]
    )
    until = {s: dt.date.fromisoformat(d) for s, d in doc["ocop_valid_until"].items()}
    published = doc["published_at"]
    return {
        "name_lower": " ".join(documents.lower_exact(doc["name"]).split()),
        "name_folded": _words(doc["name_folded"]),
        "body_folded": _words(body),
        "fairs": f" {' '.join(doc['fairs'])} " if doc["fairs"] else "",
        "name": doc["name"],
        "vendor_id": doc["vendor_id"],
        "vendor_kind": doc["vendor_type"],
        "category_id": doc["category_id"],
        "province_id": doc["province_code"],
        "commune_id": doc["commune_code"],
        "price": doc["price"],
        "price_on_request": doc["price_on_request"],
        # in UTC, as the database gives it back (so an index check can compare values)
        "published_at": dt.datetime.fromisoformat(published).astimezone(dt.UTC)
        if published
        else None,
        "stars3_until": until.get("3"),
        "stars4_until": until.get("4"),
        "stars5_until": until.get("5"),
        "rating": doc["rating"],
    }


def vendor_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The entry columns of a storefront document (search.documents)."""
    body = " ".join([doc["legal_name_folded"], doc["description_folded"], doc["places_folded"]])
    return {
        "name_lower": doc["name_lower"],
        "name_folded": _words(doc["name_folded"]),
        "body_folded": _words(body),
    }


def _add_terms(texts: Iterable[str]) -> None:
    words = {w for text in texts for w in text.split() if len(w) <= 64}
    if words:
        Term.objects.bulk_create(
            [Term(term=w) for w in sorted(words)], ignore_conflicts=True, batch_size=2000
        )


def index_products(ids: Iterable[int]) -> int:
    """Write the entries of the visible products among `ids`, delete the others' entries;
    returns the number written."""
    id_list = sorted({int(i) for i in ids})
    docs = documents.product_documents(id_list)
    visible = [d for d in docs if d["visible"]]
    entries = [ProductEntry(product_id=d["id"], **product_entry_fields(d)) for d in visible]
    gone = set(id_list) - {d["id"] for d in visible}
    with transaction.atomic():
        if gone:
            ProductEntry.objects.filter(product_id__in=gone).delete()
        if entries:
            ProductEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=PRODUCT_ENTRY_FIELDS,
                batch_size=500,
            )
            _add_terms(e.name_folded + " " + e.body_folded for e in entries)
    return len(entries)


def index_vendors(ids: Iterable[int]) -> int:
    """Write the entries of the approved storefronts among `ids`, delete the others' entries;
    returns the number written."""
    id_list = sorted({int(i) for i in ids})
    docs = documents.vendor_documents(id_list)
    visible = [d for d in docs if d["visible"]]
    entries = [VendorEntry(vendor_id=d["id"], **vendor_entry_fields(d)) for d in visible]
    gone = set(id_list) - {d["id"] for d in visible}
    with transaction.atomic():
        if gone:
            VendorEntry.objects.filter(vendor_id__in=gone).delete()
        if entries:
            VendorEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["vendor"],
                update_fields=VENDOR_ENTRY_FIELDS,
                batch_size=500,
            )
            _add_terms(e.name_folded + " " + e.body_folded for e in entries)
    return len(entries)
