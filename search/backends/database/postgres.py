"""PostgreSQL backend: a generated, weighted tsvector ('simple' configuration over the folded
text: name A, the rest C) with a GIN index; pg_trgm finds the nearest words for typos."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL

from search.backends.database.backend import DatabaseBackend
from search.query import ParsedQuery


def tsquery(parsed: ParsedQuery, *, name_only: bool = False) -> str:
    """'mi & gao & hung & lo:*' (terms are [0-9a-z]+, safe in a tsquery)."""
    weight = "A" if name_only else ""
    *whole, last = parsed.terms
    star = "*" if parsed.prefix else ""
    tail = f"{last}:{star}{weight}" if star or weight else last
    parts = [f"{t}:{weight}" if weight else t for t in whole] + [tail]
    return " & ".join(parts)


class PostgresBackend(DatabaseBackend):
    name = "postgresql"

    def _strpos(self) -> str:
        return "strpos"

    def _grouping_sets(self) -> bool:
        return True

    def _name_range(self, alias: str) -> str:
        # byte order, as the search_productentry_name_c index is built
        return f'{alias}.name_folded COLLATE "C" >= %s AND {alias}.name_folded COLLATE "C" < %s'

    def _entry_match(
        self, parsed: ParsedQuery, alias: str, *, name_only: bool = False, indexed: bool = True
    ) -> tuple[str, list[Any]]:
        # On the entry row itself: the GIN index answers without joining the table to itself.
        # For the live branch (rows found through the queue) the same test on an expression no
        # index covers: a word's match count is often underestimated (several words: "1 row"),
        # and the planner then started from thousands of matching entries instead of the queue.
        tail = "" if indexed else " || ''"
        if name_only:
            # the name's own GIN index (migration 0006): the weight-A filter on `document` would
            # recheck every row matching the word anywhere
            return (
                f"to_tsvector('simple'::regconfig, {alias}.name_folded{tail}) "
                "@@ to_tsquery('simple', %s)",
                [tsquery(parsed)],
            )
        document = f"{alias}.document" if indexed else f"({alias}.document || ''::tsvector)"
        return (
            f"{document} @@ to_tsquery('simple', %s)",
            [tsquery(parsed, name_only=name_only)],
        )

    def _match_products(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        return RawSQL(
            "SELECT product_id FROM search_productentry WHERE document @@ to_tsquery('simple', %s)",
            (tsquery(parsed, name_only=name_only),),
        )

    def _match_vendors(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        return RawSQL(
            "SELECT vendor_id FROM search_vendorentry WHERE document @@ to_tsquery('simple', %s)",
            (tsquery(parsed, name_only=name_only),),
        )

    def _correction_candidates(self, term: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_term WHERE term %% %s "
                "ORDER BY similarity(term, %s) DESC, term LIMIT 20",
                [term, term],
            )
            return [row[0] for row in cursor.fetchall()]
