"""Suggestions as you type: product names first by how they start, then storefront names.

(Hand-written SQL over the candidate set of sql.py, hence the S608 markers.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan

from catalog.models import Product
from marketplace.models import Vendor, VendorStatus
from search.backends.database.relevance import pad
from search.backends.database.sql import Dialect, candidates_sql
from search.base import ProductQuery, Suggestion
from search.query import ParsedQuery

# Storefronts keep this many places when there are enough products to fill the list.
SUGGEST_VENDORS = 3

Row = tuple[int, str, str]  # id, slug, label


def product_rows(
    dialect: Dialect, parsed: ParsedQuery, limit: int, *, pending: bool = True
) -> list[Row]:
    """Visible products whose names hold what was typed, those starting with it first.
    `pending=False`: no product is queued, the entries are read alone (D244)."""
    # Names starting with what was typed come first: an index range scan finds them
    # without touching every name that merely contains the words.
    base, params = candidates_sql(
        dialect, parsed, ProductQuery(), name_starts=" ".join(parsed.terms), pending=pending
    )
    sql = (
        f"WITH m AS {dialect._materialized()} ({_bounded(base)}) SELECT id FROM m "  # noqa: S608
        "ORDER BY tier DESC, stars DESC NULLS LAST, nl, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _bound(limit), limit])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) < limit:
        ids += _name_matches(dialect, parsed, limit, exclude=ids, pending=pending)[
            : limit - len(ids)
        ]
    names = {
        pid: (slug, name)
        for pid, slug, name in Product.objects.filter(id__in=ids).values_list("id", "slug", "name")
    }
    return [(i, *names[i]) for i in ids if i in names]


def _name_matches(
    dialect: Dialect, parsed: ParsedQuery, limit: int, *, exclude: list[int], pending: bool
) -> list[int]:
    """Products with every word in their name, those whose folded name starts with them first."""
    starts = " " + " ".join(parsed.terms)
    base, params = candidates_sql(
        dialect, parsed, ProductQuery(), name_only=True, text_columns=("nf",), pending=pending
    )
    sql = (
        f"WITH m AS {dialect._materialized()} ({_bounded(base)}) SELECT id FROM m "  # noqa: S608
        f"ORDER BY CASE WHEN {dialect._strpos()}(' ' || nf, %s) = 1 THEN 0 ELSE 1 END, "
        "tier DESC, stars DESC NULLS LAST, nl, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _bound(limit), starts, limit])
        return [row[0] for row in cursor.fetchall() if row[0] not in exclude]


def _bounded(base: str) -> str:
    """At most `_bound()` candidates, in no particular order (the LIMIT inside the CTE, as
    the search statement's, D19a): a prefix of a few letters matches a share of the catalogue
    that grows with it, and ranking every name cost 50–250 ms at 1M products (D247)."""
    return f"SELECT * FROM ({base}) AS hits LIMIT %s"  # noqa: S608


def _bound(limit: int) -> int:
    return max(limit, int(settings.SEARCH_TRACK_TOTAL_HITS))


def vendor_rows(matching: RawSQL, parsed: ParsedQuery, limit: int) -> list[Row]:
    """Approved storefronts among `matching` (ids whose name holds every word), those whose
    name starts with the words first, then by where they appear and the name's length."""
    starts = " " + " ".join(parsed.terms)
    return list(
        Vendor.objects.filter(status=VendorStatus.APPROVED)
        .filter(id__in=matching)
        .annotate(
            starts=Case(
                When(
                    GreaterThan(StrIndex(pad("search_entry__name_folded"), Value(starts)), 0),
                    then=Value(1),
                ),
                default=Value(0),
            ),
            head=StrIndex(pad("search_entry__name_folded"), Value(starts)),
            name_length=Length("search_entry__name_folded"),
        )
        .order_by(F("starts").desc(), "head", "name_length", "id")
        .values_list("id", "slug", "display_name")[:limit]
    )


def merged(products: list[Row], vendors: list[Row], limit: int) -> list[Suggestion]:
    """Products then storefronts, `limit` in all; storefronts keep SUGGEST_VENDORS places when
    there are enough products to fill the list (every backend merges the same way)."""
    n_vendors = min(len(vendors), max(SUGGEST_VENDORS, limit - len(products)))
    n_products = min(len(products), limit - n_vendors)
    return [
        Suggestion(kind="product", id=i, slug=s, label=n) for i, s, n in products[:n_products]
    ] + [Suggestion(kind="vendor", id=i, slug=s, label=n) for i, s, n in vendors[:n_vendors]]
