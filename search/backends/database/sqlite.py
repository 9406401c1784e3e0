"""SQLite backend: FTS5 (unicode61 tokenizer, prefix indexes) over the folded entry text.

Typo correction compares a word nothing contains with the indexed words sharing its first
letter and about its length (edit distance in Python; the vocabulary is small).
"""

from __future__ import annotations

from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from search.backends.database.backend import DatabaseBackend
from search.models import Term
from search.query import ParsedQuery, max_edits


def fts_expression(parsed: ParsedQuery, *, name_only: bool = False) -> str:
    """Every term (terms are [0-9a-z]+, safe to quote); the last maybe as a prefix."""
    *whole, last = parsed.terms
    star = "*" if parsed.prefix else ""
    expr = " ".join([f'"{t}"' for t in whole] + [f'"{last}"{star}'])
    return f"name_folded : ({expr})" if name_only else expr


class SqliteBackend(DatabaseBackend):
    name = "sqlite"

    def _match_products(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        return RawSQL(
            "SELECT rowid FROM search_product_fts WHERE search_product_fts MATCH %s",
            (fts_expression(parsed, name_only=name_only),),
        )

    def _match_vendors(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        return RawSQL(
            "SELECT rowid FROM search_vendor_fts WHERE search_vendor_fts MATCH %s",
            (fts_expression(parsed, name_only=name_only),),
        )

    def _correction_candidates(self, term: str) -> list[str]:
        edits = max_edits(term)
        return list(
            Term.objects.filter(term__startswith=term[0])
            .annotate(n=Length("term"))
            .filter(n__gte=len(term) - edits, n__lte=len(term) + edits)
            .values_list("term", flat=True)[:5000]
        )
