"""What the two database backends share: the entry tables, ranking, filters, facets, paging.

A vendor subclass says only how text is matched (`_match_products`, `_match_vendors`, and
`_entry_match` when it can do better than a subquery) and how a misspelt word is corrected.
Products are searched in the entry table (text plus copied filter columns) when they have no
pending update, and through the live catalogue when they have one (docs/decisions.md D15), so
visibility, filters and OCOP stars are never older than the last committed change (sql.py).
Storefront search joins the live storefront rows directly (they are few).
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from core.db import reader
from marketplace.models import Vendor, VendorStatus
from search import documents
from search.backends.database import entries, suggest
from search.backends.database.facets import product_facets, vendor_facets
from search.backends.database.relevance import tier_expression, top_tier
from search.backends.database.sql import (
    Step,
    candidates_sql,
    order_by,
    products_sql,
    ranked_sql,
    step_page,
)
from search.base import (
    FacetBucket,
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    Suggestion,
    VendorQuery,
)
from search.models import ProductEntry, VendorEntry
from search.query import ParsedQuery, best_correction, highlight, parse

# Any product waiting in the index queue (then the search reads it live, D15, D244).
QUEUED = "SELECT 1 FROM search_indexqueue WHERE kind = 'product'"

# (id, tier, stars, name length, name, description) of a product on the page.
PageRow = tuple[int, int, int | None, int, str | None, str | None]


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- what a vendor backend provides --------------------------------------------------

    @abc.abstractmethod
    def _match_products(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        """SQL selecting product ids whose entry matches every term (last as prefix)."""

    @abc.abstractmethod
    def _match_vendors(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL: ...

    def _entry_match(
        self, parsed: ParsedQuery, alias: str, *, name_only: bool = False, indexed: bool = True
    ) -> tuple[str, list[Any]]:
        """A condition on the product entry `alias` (a subquery unless the vendor can do better).
        `indexed=False`: the rows come from elsewhere (the queue); a vendor may then write the
        condition so that no index tempts the planner to start from the text."""
        raw = self._match_products(parsed, name_only=name_only)
        return f"{alias}.product_id IN ({raw.sql})", list(raw.params)

    @abc.abstractmethod
    def _correction_candidates(self, term: str) -> list[str]:
        """Indexed words close to `term` (a misspelling), best first."""

    def _strpos(self) -> str:
        """The SQL function giving the 1-based position of a substring (0 when absent)."""
        return "instr"

    def _name_range(self, alias: str) -> str:
        """`name_folded` within [%s, %s) in byte order (an index range scan)."""
        return f"{alias}.name_folded >= %s AND {alias}.name_folded < %s"

    def _materialized(self) -> str:
        return "MATERIALIZED"

    def _grouping_sets(self) -> bool:
        """Whether the database counts GROUPING SETS (every facet in one pass, sql.facets_sql)."""
        return False

    # --- query understanding -------------------------------------------------------------

    def _correct(self, parsed: ParsedQuery) -> tuple[ParsedQuery, str | None, bool]:
        """Replace words nothing contains by the nearest indexed word. Also says whether any
        product waits in the index queue (`pending`): only then does the search read the live
        catalogue beside the entries (D15, D244). Without text nothing is read: pending."""
        if parsed.empty:
            return parsed, None, True
        known, typing, pending = self._vocabulary(parsed)
        last = parsed.terms[-1]
        terms = list(parsed.terms)
        # A complete indexed word is matched whole; anything else may be a word being typed.
        prefix = last not in known
        changed = False
        for i, term in enumerate(parsed.terms):
            if term in known:
                continue
            if i == len(terms) - 1 and typing:
                continue  # a word being typed
            fix = best_correction(term, self._correction_candidates(term))
            if fix and fix != term:
                terms[i] = fix
                changed = True
                prefix = prefix and i != len(terms) - 1
        corrected = parsed.with_terms(tuple(terms), prefix=prefix)
        return corrected, corrected.text if changed else None, pending

    def _queued(self) -> bool:
        """Whether any product waits in the index queue (then it is read live, D15); on the
        connection suggest.py reads from."""
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(f"SELECT 1 WHERE EXISTS ({QUEUED})")
            return cursor.fetchone() is not None

    def _vocabulary(self, parsed: ParsedQuery) -> tuple[set[str], bool, bool]:
        """In one statement: the query's words that are indexed, whether an indexed word starts
        with the last one, and whether a product is queued for indexing. (Words are [0-9a-z]+:
        they never look like the markers, nor hold a LIKE wildcard.)"""
        marks = ", ".join(["%s"] * len(parsed.terms))
        sql = (
            f"SELECT term FROM search_term WHERE term IN ({marks}) "  # noqa: S608
            "UNION ALL SELECT '*' WHERE EXISTS "
            "(SELECT 1 FROM search_term WHERE term LIKE %s) "
            "UNION ALL SELECT '!' WHERE EXISTS "
            f"({QUEUED})"
        )
        with connections[reader()].cursor() as cursor:
            cursor.execute(sql, [*parsed.terms, parsed.terms[-1] + "%"])
            words = {row[0] for row in cursor.fetchall()}
        return words - {"*", "!"}, "*" in words, "!" in words

    # --- products ------------------------------------------------------------------------

    def _candidates_sql(
        self,
        parsed: ParsedQuery,
        query: ProductQuery,
        *,
        name_only: bool = False,
        text_columns: tuple[str, ...] = (),
        name_starts: str | None = None,
        pending: bool = True,
    ) -> tuple[str, list[Any]]:
        """The candidate set of a product search (sql.candidates_sql) in this database."""
        return candidates_sql(
            self,
            parsed,
            query,
            name_only=name_only,
            text_columns=text_columns,
            name_starts=name_starts,
            pending=pending,
        )

    def search_products(self, query: ProductQuery) -> SearchResults:
        """One statement over a bounded candidate set: at most SEARCH_TRACK_TOTAL_HITS + 1 hits
        (any order) are materialised; the count, the facets and, when the hits all fit, the page
        come from them. Beyond the bound the count says "at least" (`total_relation` "gte"), the
        facets are counted over the first SEARCH_TRACK_TOTAL_HITS hits (`facets_sampled`) and the
        page is ranked over every hit by the steps of `_ranking_steps`: the first in the same
        statement, the others in one more when it is not the answer (decisions D19a, D251)."""
        parsed, did_you_mean, pending = self._correct(parse(query.q))
        order = order_by(parsed, query)
        # The statements over the index tables are public reads: a replica may answer (D187).
        db = reader()
        if query.counted is not None:
            # The caller keeps the count and facets (D245): rank the page alone, over every
            # hit in one step when they were all counted, in steps otherwise.
            steps = self._ranking_steps(parsed, query, pending, tiered=query.counted == "gte")
            ranked = self._ranked(steps, order, query, db)
            return SearchResults(
                hits=_product_hits(ranked, parsed), total=0, did_you_mean=did_you_mean
            )
        track = max(1, int(settings.SEARCH_TRACK_TOTAL_HITS))
        wide = (("name",) if query.ordering == "name" else ()) + (
            ("fairs",) if query.with_facets else ()
        )
        candidates = self._candidates_sql(parsed, query, text_columns=wide, pending=pending)
        # The first step ranks in this statement when the hits overflow (most often it is the
        # answer); the others in one more statement when it is not (D251).
        steps = self._ranking_steps(parsed, query, pending)
        sql, params = products_sql(
            self, candidates, query, order=order, track=track, steps=steps[:1]
        )
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = next((int(r[2]) for r in rows if r[0] == "count"), 0)
        exact = total <= track
        if exact:
            page = _page([r[1:] for r in rows if r[0] == "page"])
        else:
            # m holds an arbitrary track + 1 of the hits: the steps ranked the page over all
            total = track
            first = step_page(rows, steps[:1], query.page_size, final=len(steps) == 1)
            page = self._ranked(steps[1:], order, query, db) if first is None else _page(first)
        facets = product_facets(rows) if query.with_facets else {}
        return SearchResults(
            hits=_product_hits(page, parsed),
            total=total,
            facets=facets,
            did_you_mean=did_you_mean,
            total_relation="eq" if exact else "gte",
            facets_sampled=query.with_facets and not exact,
        )

    def _ranked(self, steps: list[Step], order: str, query: ProductQuery, db: str) -> list[PageRow]:
        """The page the steps rank, in one statement."""
        with connections[db].cursor() as cursor:
            cursor.execute(*ranked_sql(self, steps, order, query))
            return _page(step_page(cursor.fetchall(), steps, query.page_size) or [])

    def _ranking_steps(
        self, parsed: ParsedQuery, query: ProductQuery, pending: bool, *, tiered: bool = True
    ) -> list[Step]:
        """How the page is ranked over every hit, when there are too many to materialise.

        Tiered: by relevance, a hit with every word in its name ranks above any hit without
        (tier ≥ TIER_NAME_ALL against ≤ TIER_EXACT + TIER_BODY_PHRASE), so when the name matches
        alone fill the page up to its end, the page is theirs and the rest is never ranked.
        Before that, the name matches with stars valid today (a few percent): a hit without
        stars sorts after every starred hit of its tier, so when the page is filled down to its
        end by starred hits of the highest tier possible, no other hit can enter it. Otherwise
        (or for other orderings) every hit is sorted, without the facet columns.
        `tiered=False`: the hits are known to be few (an exact count kept, D245): sort them.
        """
        text = ("name",) if query.ordering == "name" else ()

        def step(of: ProductQuery, name_only: bool, top: int | None = None) -> Step:
            sql = self._candidates_sql(
                parsed, of, name_only=name_only, text_columns=text, pending=pending
            )
            return Step(sql, top)

        steps = []
        if tiered and query.ordering == "relevance" and not parsed.empty:
            if query.ocop_stars_min is None:
                starred = dataclasses.replace(query, ocop_stars_min=3)
                steps.append(step(starred, True, top_tier(parsed)))
            steps.append(step(query, True))
        return [*steps, step(query, False)]

    # --- storefronts ---------------------------------------------------------------------

    def search_vendors(self, query: VendorQuery) -> SearchResults:
        parsed, did_you_mean, _pending = self._correct(parse(query.q))
        qs = Vendor.objects.filter(status=VendorStatus.APPROVED)
        if query.province is not None:
            qs = qs.filter(province_id=query.province)
        if query.commune is not None:
            qs = qs.filter(commune_id=query.commune)
        if query.vendor_type:
            qs = qs.filter(kind=query.vendor_type)
        fields = ["id", "display_name"]
        if not parsed.empty:
            qs = qs.filter(id__in=self._match_vendors(parsed)).annotate(
                tier=tier_expression(parsed, "search_entry__"),
                name_length=Length("search_entry__name_folded"),
            )
            fields += ["tier", "name_length"]
        if query.ordering == "name":
            order: list[Any] = ["display_name", "id"]
        elif query.ordering == "newest" or parsed.empty:
            order = [F("approved_at").desc(nulls_last=True), "-id"]
        else:
            order = [F("tier").desc(), "name_length", "display_name", "id"]
        total = qs.count()
        rows = list(
            qs.order_by(*order).values(*fields)[query.offset : query.offset + query.page_size]
        )
        facets: dict[str, list[FacetBucket]] = {}
        if query.with_facets:
            facets = vendor_facets(qs)
        return SearchResults(
            hits=[_vendor_hit(r, parsed) for r in rows],
            total=total,
            facets=facets,
            did_you_mean=did_you_mean,
        )

    # --- suggestions ---------------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        parsed = parse(prefix)  # as typed: the last word is always a prefix here
        if parsed.empty or limit <= 0:
            return []
        products = suggest.product_rows(self, parsed, limit, pending=self._queued())
        matching = self._match_vendors(parsed, name_only=True)
        return suggest.merged(products, suggest.vendor_rows(matching, parsed, limit), limit)

    # --- indexing ------------------------------------------------------------------------

    def index_products(self, ids: Iterable[int]) -> int:
        return entries.index_products(ids)

    def delete_products(self, ids: Iterable[int]) -> None:
        ProductEntry.objects.filter(product_id__in=list(ids)).delete()

    def index_vendors(self, ids: Iterable[int]) -> int:
        return entries.index_vendors(ids)

    def delete_vendors(self, ids: Iterable[int]) -> None:
        VendorEntry.objects.filter(vendor_id__in=list(ids)).delete()

    def rebuild(self, *, chunk_size: int = documents.DEFAULT_CHUNK) -> int:
        ProductEntry.objects.all().delete()
        VendorEntry.objects.all().delete()
        for ids in documents.iter_vendor_id_chunks(chunk_size):
            self.index_vendors(ids)
        done = 0
        for ids in documents.iter_product_id_chunks(chunk_size):
            done += self.index_products(ids)
        return done

    def ping(self) -> bool:
        try:
            ProductEntry.objects.exists()
        except Exception:
            return False
        return True


def _page(rows: list[tuple[Any, ...]]) -> list[PageRow]:
    """Page rows as the statements return them (the id as text, sql.products_sql)."""
    return [(int(key), tier, stars, nl, name, text) for key, tier, stars, nl, name, text in rows]


def _product_hits(page: list[PageRow], parsed: ParsedQuery) -> list[Hit]:
    """The page's hits, scored as the tiers rank them and highlighted on the live name and
    description the page's statement read beside them."""
    hits = []
    for pid, tier, stars, nl, name, description in page:
        score = 0.0
        marks: dict[str, str] = {}
        if not parsed.empty:
            score = tier * 100 + (stars or 0) * 10 + 1 / (1 + nl)
            for field, text, snippet in (("name", name, None), ("description", description, 160)):
                marked = highlight(text or "", parsed, snippet=snippet)
                if marked:
                    marks[field] = marked
        hits.append(Hit(id=pid, score=round(score, 4), highlight=marks))
    return hits


def _vendor_hit(row: dict[str, Any], parsed: ParsedQuery) -> Hit:
    marks = {}
    score = 0.0
    if not parsed.empty:
        score = row["tier"] * 100 + 1 / (1 + row["name_length"])
        marked = highlight(row["display_name"], parsed)
        if marked:
            marks["name"] = marked
    return Hit(id=row["id"], score=round(score, 4), highlight=marks)
