"""Search documents (search.documents) turned into Elasticsearch sources, and their fingerprints.

The database builds every document (search.documents); this module only reshapes it for the
mapping in indices.py: the OCOP stars become one "valid until" date per star level so the stars
are decided at query time, and a fingerprint lets search_check find stale documents without
fetching their text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from search.backends.database.entries import vendor_entry_fields
from search.backends.elasticsearch.indices import STAR_LEVELS
from search.documents import Document

# What the index stores about stars is checked on its own (see ocop_differs): the day a
# certificate expires changes the document built from the database without the index being wrong.
# product_count of a storefront changes with its products' statuses, which do not queue the
# storefront; nothing searches on it, so it does not make a document stale.
_NOT_FINGERPRINTED = {
    "ocop_stars",
    "ocop_stars_until",
    "ocop_valid_until",
    "visible",
    "product_count",
}


def fingerprint(doc: Document) -> str:
    """A stable hash of everything the document says except its stars."""
    payload = {k: v for k, v in doc.items() if k not in _NOT_FINGERPRINTED}
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def stars_from(valid_until: dict[str, str]) -> dict[str, str | None]:
    """{"ocop_from_3": day, ...}: for each level, the last expiry among certificates of that many
    stars or more (stars of N or more count on any day before it)."""
    result: dict[str, str | None] = {}
    for level in STAR_LEVELS:
        days = [d for s, d in valid_until.items() if int(s) >= level]
        result[f"ocop_from_{level}"] = max(days) if days else None
    return result


def valid_stars(valid_until: dict[str, str], today: dt.date) -> dict[str, str]:
    """The entries still valid on `today` (expiry is the first day they no longer count)."""
    return {s: d for s, d in valid_until.items() if dt.date.fromisoformat(d) > today}


_WORDS = re.compile(r"[0-9a-z]+")


def entry_text(doc: Document) -> dict[str, str]:
    """The text fields the database backends index (search.backends.database.entries
    product_entry_fields), built without folding twice: the document's *_folded fields are
    folded already (folding is idempotent), so only the word split is left. The equality is
    pinned by a test."""
    body = " ".join(
        [
            " ".join(_WORDS.findall(doc["description_folded"])),
            " ".join(_WORDS.findall(doc["vendor_name_folded"])),
            " ".join(_WORDS.findall(doc["places_folded"])),
        ]
    )
    return {
        "name_lower": " ".join(doc["name_lower"].split()),
        "name_folded": " ".join(_WORDS.findall(doc["name_folded"])),
        "body_folded": " ".join(body.split()),
    }


def product_source(doc: Document) -> dict[str, Any]:
    entry = entry_text(doc)
    source: dict[str, Any] = {
        "id": doc["id"],
        "slug": doc["slug"],
        "name": doc["name"],
        "name_lower": entry["name_lower"],
        "name_folded": entry["name_folded"],
        "name_head": entry["name_folded"],
        "name_length": len(entry["name_folded"]),
        "body_folded": entry["body_folded"],
        # As written, for its highlight (the search reads it from the hit, D248).
        "description": doc["description"],
        "vendor_id": doc["vendor_id"],
        "vendor_slug": doc["vendor_slug"],
        "vendor_type": doc["vendor_type"],
        "category_id": doc["category_id"],
        "category_slugs": doc["category_slugs"],
        "province_code": doc["province_code"],
        "commune_code": doc["commune_code"],
        "ocop_valid_until": json.dumps(doc["ocop_valid_until"], sort_keys=True),
        "price": doc["price"],
        "price_on_request": doc["price_on_request"],
        "price_band": doc["price_band"],
        "published_at": doc["published_at"],
        "rating": doc["rating"],
        "fairs": doc["fairs"],
        "fingerprint": fingerprint(doc),
    }
    source.update(stars_from(doc["ocop_valid_until"]))
    return source


def vendor_source(doc: Document) -> dict[str, Any]:
    entry = vendor_entry_fields(doc)
    return {
        "id": doc["id"],
        "slug": doc["slug"],
        "name": doc["name"],
        "name_lower": entry["name_lower"],
        "name_folded": entry["name_folded"],
        "name_head": entry["name_folded"],
        "name_length": len(entry["name_folded"]),
        "body_folded": entry["body_folded"],
        "vendor_type": doc["vendor_type"],
        "province_code": doc["province_code"],
        "commune_code": doc["commune_code"],
        "approved_at": doc["approved_at"],
        "product_count": doc["product_count"],
        "fingerprint": fingerprint(doc),
    }


def ocop_differs(doc: Document, stored: str | None, today: dt.date) -> bool:
    """True when the index's stars for this product are not what the database says today."""
    indexed = valid_stars(json.loads(stored or "{}"), today)
    return indexed != valid_stars(doc["ocop_valid_until"], today)
