"""What the two database backends share: the entry tables, ranking, filters, facets, paging.

(The product search is hand-written SQL assembled from constant fragments, hence the S608
markers; every value travels as a query parameter.)

A vendor subclass says only how text is matched (`_match_products`, `_match_vendors`, and
`_entry_match` when it can do better than a subquery) and how a misspelt word is corrected.
Products are searched in the entry table (text plus copied filter columns) when they have no
pending update, and through the live catalogue when they have one (docs/decisions.md D15), so
visibility, filters and OCOP stars are never older than the last committed change. Storefront
search joins the live storefront rows directly (they are few).
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from catalog.models import Category, Product
from marketplace.models import Commune, Province, Vendor, VendorKind, VendorStatus
from search import documents
from search.base import (
    PRICE_BANDS,
    PRICE_ON_REQUEST_BAND,
    FacetBucket,
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    Suggestion,
    VendorQuery,
)
from search.models import ProductEntry, Term, VendorEntry
from search.query import ParsedQuery, folded_words, parse

# Relevance tiers (see search.base): higher first.
TIER_NAME_ALL = 8
TIER_NAME_PHRASE = 4
TIER_EXACT = 2
TIER_BODY_PHRASE = 1
SUGGEST_VENDORS = 3
# Typed NULLs for the unused columns of the count and facet rows (PostgreSQL types UNIONs).
NO_INTS = "CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)"
FACET_LIMIT = 50


def _words(text: str) -> str:
    return " ".join(folded_words(text))


def product_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
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
    }


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
    "indexed_at",
]
VENDOR_ENTRY_FIELDS = ["name_lower", "name_folded", "body_folded", "indexed_at"]


def vendor_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
    body = " ".join([doc["legal_name_folded"], doc["description_folded"], doc["places_folded"]])
    return {
        "name_lower": doc["name_lower"],
        "name_folded": _words(doc["name_folded"]),
        "body_folded": _words(body),
    }


def _pad(field: str) -> Concat:
    return Concat(Value(" "), F(field), Value(" "), output_field=TextField())


def _contains(field: str, needle: str) -> GreaterThan:
    return GreaterThan(StrIndex(_pad(field), Value(needle)), 0)


def _tier(parsed: ParsedQuery, prefix: str) -> Any:
    """The relevance tier as one SQL expression over the entry row (`prefix` = its relation)."""
    *whole, last = parsed.terms
    name, name_lower, body = (
        f"{prefix}name_folded",
        f"{prefix}name_lower",
        f"{prefix}body_folded",
    )
    end = "" if parsed.prefix else " "
    all_in_name = Q(*[_contains(name, f" {t} ") for t in whole], _contains(name, f" {last}{end}"))
    phrase = " " + " ".join(parsed.terms) + end
    tier: Any = Case(When(all_in_name, then=Value(TIER_NAME_ALL)), default=Value(0))
    tier = tier + Case(When(_contains(name, phrase), then=Value(TIER_NAME_PHRASE)), default=0)
    if parsed.has_diacritics and parsed.exact:
        exact = Q(*[_contains(name_lower, f" {w} ") for w in parsed.exact])
        tier = tier + Case(When(exact, then=Value(TIER_EXACT)), default=0)
    if len(parsed.terms) > 1:
        tier = tier + Case(When(_contains(body, phrase), then=Value(TIER_BODY_PHRASE)), default=0)
    return tier


def _band_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    labels = {PRICE_ON_REQUEST_BAND: str(_("Price on request"))}
    for key, low, high in PRICE_BANDS:
        labels[key] = (
            f"{low:,} – {high:,} ₫".replace(",", ".") if high else f"≥ {low:,} ₫".replace(",", ".")
        )
    return labels


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

    # --- query understanding -------------------------------------------------------------

    def _correct(self, parsed: ParsedQuery) -> tuple[ParsedQuery, str | None]:
        """Replace words nothing contains by the nearest indexed word."""
        from search.query import best_correction

        if parsed.empty:
            return parsed, None
        known = set(Term.objects.filter(term__in=parsed.terms).values_list("term", flat=True))
        last = parsed.terms[-1]
        terms = list(parsed.terms)
        # A complete indexed word is matched whole; anything else may be a word being typed.
        prefix = last not in known
        changed = False
        for i, term in enumerate(parsed.terms):
            if term in known:
                continue
            if i == len(terms) - 1 and Term.objects.filter(term__startswith=last).exists():
                continue  # a word being typed
            fix = best_correction(term, self._correction_candidates(term))
            if fix and fix != term:
                terms[i] = fix
                changed = True
                prefix = prefix and i != len(terms) - 1
        corrected = parsed.with_terms(tuple(terms), prefix=prefix)
        return corrected, corrected.text if changed else None

    # --- products ------------------------------------------------------------------------

    def _strpos(self) -> str:
        """The SQL function giving the 1-based position of a substring (0 when absent)."""
        return "instr"

    def _name_range(self, alias: str) -> str:
        """`name_folded` within [%s, %s) in byte order (an index range scan)."""
        return f"{alias}.name_folded >= %s AND {alias}.name_folded < %s"

    def _tier_sql(self, parsed: ParsedQuery, alias: str) -> tuple[str, list[Any]]:
        """The relevance tier (see search.base) over entry columns of `alias`."""
        if parsed.empty:
            return "0", []
        pos = self._strpos()
        name = f"(' ' || {alias}.name_folded || ' ')"
        body = f"(' ' || {alias}.body_folded || ' ')"
        exact_name = f"(' ' || {alias}.name_lower || ' ')"
        end = "" if parsed.prefix else " "
        *whole, last = parsed.terms
        params: list[Any] = []
        all_in = []
        for t in whole:
            all_in.append(f"{pos}({name}, %s) > 0")
            params.append(f" {t} ")
        all_in.append(f"{pos}({name}, %s) > 0")
        params.append(f" {last}{end}")
        phrase = " " + " ".join(parsed.terms) + end
        sql = f"(CASE WHEN {' AND '.join(all_in)} THEN {TIER_NAME_ALL} ELSE 0 END"
        sql += f" + CASE WHEN {pos}({name}, %s) > 0 THEN {TIER_NAME_PHRASE} ELSE 0 END"
        params.append(phrase)
        if parsed.has_diacritics and parsed.exact:
            exact = " AND ".join(f"{pos}({exact_name}, %s) > 0" for _ in parsed.exact)
            sql += f" + CASE WHEN {exact} THEN {TIER_EXACT} ELSE 0 END"
            params += [f" {w} " for w in parsed.exact]
        if len(parsed.terms) > 1:
            sql += f" + CASE WHEN {pos}({body}, %s) > 0 THEN {TIER_BODY_PHRASE} ELSE 0 END"
            params.append(phrase)
        return sql + ")", params

    def _candidates_sql(
        self,
        parsed: ParsedQuery,
        query: ProductQuery,
        *,
        name_only: bool = False,
        text_columns: tuple[str, ...] = (),
        name_starts: str | None = None,
    ) -> tuple[str, list[Any]]:
        """One SELECT of the visible products matching the text and every filter, with the
        columns ranking and facets need; the wide text ones ("name", "nf" the folded name,
        "fairs") only when asked, so the set stays in memory.

        Entries with no pending update (nothing queued in IndexQueue) are read alone: the
        services queue every change in the transaction that makes it, so an entry without a
        queue row is exact. Entries with a pending update are read through the live catalogue
        (status, storefront, filters and stars), so nothing hidden a moment ago can show.
        """
        today = timezone.localdate()
        tier, tier_params = self._tier_sql(parsed, "e")
        match_sql = {"entry": "", "live": ""}
        match_params: dict[str, list[Any]] = {"entry": [], "live": []}
        for branch in ("entry", "live"):
            if name_starts is not None:
                # folded names are [0-9a-z ]: "{" sorts after all of them
                match_sql[branch] = f" AND {self._name_range('e')}"
                match_params[branch] = [name_starts, name_starts + "{"]
            elif not parsed.empty:
                condition, match_params[branch] = self._entry_match(
                    parsed, "e", name_only=name_only, indexed=branch == "entry"
                )
                match_sql[branch] = f" AND {condition}"
        entry_stars = (
            "(CASE WHEN e.stars5_until > %s THEN 5 WHEN e.stars4_until > %s THEN 4 "
            "WHEN e.stars3_until > %s THEN 3 END)"
        )
        live_stars = (
            "(SELECT MAX(c.stars) FROM catalog_ocopcertificate c WHERE c.product_id = p.id "
            "AND c.status = 'verified' AND c.expires_on > %s)"
        )
        columns = {
            "entry": {
                "id": "e.product_id",
                "name": "e.name",
                "province": "e.province_id",
                "commune": "e.commune_id",
                "category": "e.category_id",
                "vendor": "e.vendor_id",
                "kind": "e.vendor_kind",
                "price": "e.price",
                "por": "e.price_on_request",
                "published": "e.published_at",
                "stars": entry_stars,
            },
            "live": {
                "id": "p.id",
                "name": "p.name",
                "province": "p.origin_province_id",
                "commune": "p.origin_commune_id",
                "category": "p.category_id",
                "vendor": "p.vendor_id",
                "kind": "v.kind",
                "price": "p.price",
                "por": "p.price_on_request",
                "published": "p.published_at",
                "stars": live_stars,
            },
        }
        stars_params = {"entry": [today, today, today], "live": [today]}
        branches: list[str] = []
        params: list[Any] = []
        for branch in ("entry", "live"):
            c = columns[branch]
            where: list[str] = []
            wparams: list[Any] = []
            if query.category:
                where.append(
                    f"{c['category']} IN (SELECT cc.id FROM catalog_category cc, "  # noqa: S608
                    "catalog_category root WHERE root.slug = %s "
                    "AND substr(cc.path, 1, length(root.path)) = root.path)"
                )
                wparams.append(query.category)
            for key, col in (("province", "province"), ("commune", "commune")):
                if getattr(query, key) is not None:
                    where.append(f"{c[col]} = %s")
                    wparams.append(getattr(query, key))
            if query.vendor:
                where.append(
                    f"{c['vendor']} = (SELECT vv.id FROM marketplace_vendor vv WHERE vv.slug = %s)"  # noqa: S608
                )
                wparams.append(query.vendor)
            if query.vendor_type:
                where.append(f"{c['kind']} = %s")
                wparams.append(query.vendor_type)
            if query.price_min is not None:
                where.append(f"{c['price']} >= %s")
                wparams.append(query.price_min)
            if query.price_max is not None:
                where.append(f"{c['price']} <= %s")
                wparams.append(query.price_max)
            if query.price_on_request is not None:
                where.append(f"{c['por']} = %s")
                wparams.append(query.price_on_request)
            if query.fair:
                where.append(f"{self._strpos()}(e.fairs, %s) > 0")
                wparams.append(f" {query.fair} ")
            if query.ocop_stars_min is not None and branch == "entry":
                # one date per level held, so the starred entries' partial indexes apply
                levels = [s for s in (3, 4, 5) if s >= query.ocop_stars_min]
                held = " OR ".join(f"e.stars{s}_until > %s" for s in levels)
                where.append(f"({held})" if levels else "1 = 0")
                wparams += [today] * len(levels)
            elif query.ocop_stars_min is not None:
                where.append(f"{c['stars']} >= %s")
                wparams += [*stars_params[branch], query.ocop_stars_min]
            texts = {"name": c["name"], "nf": "e.name_folded", "fairs": "e.fairs"}
            select = (
                f"SELECT {c['id']} AS id, {c['province']} AS province, "
                f"{c['commune']} AS commune, {c['category']} AS category, {c['kind']} AS kind, "
                f"{c['price']} AS price, {c['por']} AS por, {c['published']} AS published, "
                f"{c['stars']} AS stars, {tier} AS tier, length(e.name_folded) AS nl"
                + "".join(f", {texts[t]} AS {t}" for t in text_columns)
            )
            if branch == "entry":
                queued = (
                    "SELECT 1 FROM search_indexqueue q WHERE q.kind = 'product' "
                    "AND q.object_id = e.product_id"
                )
                sql = f"{select} FROM search_productentry e WHERE NOT EXISTS ({queued})"
            else:
                # Driven by the queue (a handful of rows): CROSS JOIN keeps SQLite's planner
                # from starting with every published product; PostgreSQL reorders it anyway.
                sql = (
                    f"{select} FROM search_indexqueue q CROSS JOIN search_productentry e "
                    "CROSS JOIN catalog_product p CROSS JOIN marketplace_vendor v "
                    "WHERE q.kind = 'product' AND e.product_id = q.object_id "
                    "AND p.id = e.product_id AND v.id = p.vendor_id "
                    "AND p.status = 'published' AND v.status = 'approved'"
                )
            sql += match_sql[branch] + "".join(f" AND {w}" for w in where)
            branches.append(sql)
            params += [*stars_params[branch], *tier_params, *match_params[branch], *wparams]
        return " UNION ALL ".join(branches), params

    def search_products(self, query: ProductQuery) -> SearchResults:
        """One statement over a bounded candidate set: at most SEARCH_TRACK_TOTAL_HITS + 1 hits
        (any order) are materialised; the count, the facets and, when the hits all fit, the page
        come from them. Beyond the bound the count says "at least" (`total_relation` "gte"), the
        facets are counted over the first SEARCH_TRACK_TOTAL_HITS hits (`facets_sampled`) and the
        page is ranked in a second statement (`_ranked_page`): decisions D19a."""
        parsed, did_you_mean = self._correct(parse(query.q))
        track = max(1, int(settings.SEARCH_TRACK_TOTAL_HITS))
        wide = (("name",) if query.ordering == "name" else ()) + (
            ("fairs",) if query.with_facets else ()
        )
        base, params = self._candidates_sql(parsed, query, text_columns=wide)
        order = self._order(parsed, query)
        parts = [
            "SELECT 'page' AS k, CAST(id AS TEXT) AS key, tier AS n, stars AS a, nl AS b "  # noqa: S608
            f"FROM (SELECT * FROM m ORDER BY {order} LIMIT %s OFFSET %s) AS page",
            f"SELECT 'count', CAST(NULL AS TEXT), COUNT(*), {NO_INTS} FROM m",  # noqa: S608
        ]
        page_params: list[Any] = [query.page_size, query.offset]
        band_params: list[Any] = []
        if query.with_facets:
            bands = ["WHEN por THEN %s"]
            band_params = [PRICE_ON_REQUEST_BAND]
            for key, low, high in PRICE_BANDS:
                if high is None:
                    bands.append("WHEN price >= %s THEN %s")
                    band_params += [low, key]
                else:
                    bands.append("WHEN price >= %s AND price < %s THEN %s")
                    band_params += [low, high, key]
            band = f"CASE {' '.join(bands)} ELSE %s END"
            band_params.append(PRICE_ON_REQUEST_BAND)
            for facet, expr in (
                ("category", "CAST(category AS TEXT)"),
                ("province", "CAST(province AS TEXT)"),
                ("commune", "CAST(commune AS TEXT)"),
                ("ocop_stars", "CAST(stars AS TEXT)"),
                ("vendor_type", "kind"),
                ("fair", "fairs"),
            ):
                parts.append(
                    f"SELECT '{facet}', {expr}, COUNT(*), {NO_INTS} FROM f GROUP BY {expr}"  # noqa: S608
                )
            parts.append(f"SELECT 'price', {band}, COUNT(*), {NO_INTS} FROM f GROUP BY 2")  # noqa: S608
        wrapped = [f"SELECT * FROM ({part}) AS part{i}" for i, part in enumerate(parts)]  # noqa: S608
        # The bound sits inside the CTE: PostgreSQL then plans for the first rows only (a
        # sequential scan stopping at the bound when the words are common, the GIN index when
        # they are not), and the cost estimate stays below jit_above_cost; planned for every
        # hit, the bitmap of a word in half the catalogue and JIT compilation cost more than
        # the rows themselves (decisions D19a).
        cte = (
            f"WITH m AS {self._materialized()} (SELECT * FROM ({base}) AS hits LIMIT %s), "  # noqa: S608
            "f AS (SELECT * FROM m LIMIT %s) "
        )
        sql = cte + " UNION ALL ".join(wrapped)
        all_params = [*params, track + 1, track, *page_params, *band_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            rows = cursor.fetchall()
        page = [(int(key), n, a, b) for k, key, n, a, b in rows if k == "page"]
        total = next((int(n) for k, _, n, _, _ in rows if k == "count"), 0)
        exact = total <= track
        if not exact:
            # m holds an arbitrary track + 1 of the hits: rank the page over all of them.
            total = track
            page = self._ranked_page(parsed, query, order)
        facets = self._facets_from_rows(rows) if query.with_facets else {}
        texts = {
            pid: (name, description)
            for pid, name, description in Product.objects.filter(
                id__in=[p[0] for p in page]
            ).values_list("id", "name", "description")
        }
        hits = []
        for pid, tier, stars, nl in page:
            name, description = texts.get(pid, ("", ""))
            hits.append(
                self._product_hit(
                    {
                        "id": pid,
                        "name": name,
                        "description": description,
                        "ocop_stars": stars,
                        "tier": tier,
                        "name_length": nl,
                    },
                    parsed,
                )
            )
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            did_you_mean=did_you_mean,
            total_relation="eq" if exact else "gte",
            facets_sampled=query.with_facets and not exact,
        )

    @staticmethod
    def _order(parsed: ParsedQuery, query: ProductQuery) -> str:
        ordering = query.ordering
        if ordering == "relevance" and parsed.empty:
            ordering = "newest"
        return {
            "relevance": "tier DESC, stars DESC NULLS LAST, nl, published DESC NULLS LAST, id DESC",
            "newest": "published DESC NULLS LAST, id DESC",
            "price": "price ASC NULLS LAST, id",
            "-price": "price DESC NULLS LAST, id",
            "name": "name, id",
        }[ordering]

    def _ranked_page(
        self, parsed: ParsedQuery, query: ProductQuery, order: str
    ) -> list[tuple[int, int, int | None, int]]:
        """The page over every hit, when there are too many to materialise.

        Tiered: by relevance, a hit with every word in its name ranks above any hit without
        (tier ≥ TIER_NAME_ALL against ≤ TIER_EXACT + TIER_BODY_PHRASE), so when the name matches
        alone fill the page up to its end, the page is theirs and the rest is never ranked.
        Otherwise (or for other orderings) every hit is sorted, without the facet columns.
        """
        steps: list[tuple[ProductQuery, bool]] = [(query, False)]
        if query.ordering == "relevance" and not parsed.empty:
            steps.insert(0, (query, True))
            if query.ocop_stars_min is None:
                # Before that, the name matches with stars valid today (a few percent): a hit
                # without stars sorts after every starred hit of its tier, so when the page is
                # filled down to its end by starred hits of the highest tier possible, no other
                # hit can enter it.
                steps.insert(0, (dataclasses.replace(query, ocop_stars_min=3), True))
        top = self._top_tier(parsed)
        for i, (step, name_only) in enumerate(steps):
            text = ("name",) if query.ordering == "name" else ()
            base, params = self._candidates_sql(
                parsed, step, name_only=name_only, text_columns=text
            )
            sql = (
                f"SELECT id, tier, stars, nl FROM ({base}) AS hits "  # noqa: S608
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, query.page_size, query.offset])
                page = [(int(i), t, s, n) for i, t, s, n in cursor.fetchall()]
            last = i == len(steps) - 1
            full = len(page) == query.page_size
            if last or (full and (step is query or page[-1][1] == top)):
                return page
        return []  # pragma: no cover (the last step always returns)

    @staticmethod
    def _top_tier(parsed: ParsedQuery) -> int:
        """The highest tier `_tier_sql` can give for this query."""
        top = TIER_NAME_ALL + TIER_NAME_PHRASE
        if parsed.has_diacritics and parsed.exact:
            top += TIER_EXACT
        if len(parsed.terms) > 1:
            top += TIER_BODY_PHRASE
        return top

    def _materialized(self) -> str:
        return "MATERIALIZED"

    def _facets_from_rows(self, rows: list[tuple[Any, ...]]) -> dict[str, list[FacetBucket]]:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for k, key, n, _, _ in rows:
            if k not in ("page", "count") and key is not None and key != "":
                counts[k][str(key)] = int(n)
        facets: dict[str, list[FacetBucket]] = {}
        facets["category"] = self._category_tree({int(k): n for k, n in counts["category"].items()})
        provinces = counts["province"]
        names = dict(
            Province.objects.filter(code__in=[int(p) for p in provinces]).values_list(
                "code", "name"
            )
        )
        facets["province"] = _buckets((p, names.get(int(p), p), n) for p, n in provinces.items())
        communes = sorted(counts["commune"].items(), key=lambda r: (-r[1], int(r[0])))[:FACET_LIMIT]
        cnames = dict(
            Commune.objects.filter(code__in=[int(c) for c, _ in communes]).values_list(
                "code", "name"
            )
        )
        facets["commune"] = _buckets((c, cnames.get(int(c), c), n) for c, n in communes)
        facets["ocop_stars"] = sorted(
            (FacetBucket(key=s, label=f"{s}★", count=n) for s, n in counts["ocop_stars"].items()),
            key=lambda b: -int(b.key),
        )
        kinds = dict(VendorKind.choices)
        facets["vendor_type"] = _buckets(
            (k, str(kinds.get(k, k)), n) for k, n in counts["vendor_type"].items()
        )
        labels = _band_labels()
        order = [k for k, _, _ in PRICE_BANDS] + [PRICE_ON_REQUEST_BAND]
        facets["price"] = [
            FacetBucket(key=k, label=labels[k], count=counts["price"][k])
            for k in order
            if counts["price"].get(k)
        ]
        fair_counts: dict[str, int] = defaultdict(int)
        for fairs, n in counts["fair"].items():
            for slug in fairs.split():
                fair_counts[slug] += n
        facets["fair"] = _buckets((f, f, n) for f, n in fair_counts.items())
        return facets

    @staticmethod
    def _product_hit(row: dict[str, Any], parsed: ParsedQuery) -> Hit:
        from search.query import highlight

        score = 0.0
        marks: dict[str, str] = {}
        if not parsed.empty:
            score = row["tier"] * 100 + (row["ocop_stars"] or 0) * 10 + 1 / (1 + row["name_length"])
            for field, snippet in (("name", None), ("description", 160)):
                marked = highlight(row[field], parsed, snippet=snippet)
                if marked:
                    marks[field] = marked
        return Hit(id=row["id"], score=round(score, 4), highlight=marks)

    @staticmethod
    def _category_tree(own: dict[int, int]) -> list[FacetBucket]:
        """Counts rolled up the tree; only branches with hits, children under parents."""
        if not own:
            return []
        cats = list(Category.objects.values_list("id", "slug", "name", "path", "parent_id"))
        by_id = {c[0]: c for c in cats}
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

    # --- storefronts ---------------------------------------------------------------------

    def search_vendors(self, query: VendorQuery) -> SearchResults:
        from search.query import highlight

        parsed, did_you_mean = self._correct(parse(query.q))
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
                tier=_tier(parsed, "search_entry__"),
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
        hits = []
        for r in rows:
            marks = {}
            score = 0.0
            if not parsed.empty:
                score = r["tier"] * 100 + 1 / (1 + r["name_length"])
                marked = highlight(r["display_name"], parsed)
                if marked:
                    marks["name"] = marked
            hits.append(Hit(id=r["id"], score=round(score, 4), highlight=marks))
        facets: dict[str, list[FacetBucket]] = {}
        if query.with_facets:
            base = qs.order_by()
            provinces = list(
                base.values_list("province_id", "province__name").annotate(n=Count("id"))
            )
            facets["province"] = _buckets((str(p), name, n) for p, name, n in provinces)
            kinds = dict(VendorKind.choices)
            facets["vendor_type"] = _buckets(
                (k, str(kinds.get(k, k)), n)
                for k, n in base.values_list("kind")
                .annotate(n=Count("id"))
                .values_list("kind", "n")
            )
        return SearchResults(hits=hits, total=total, facets=facets, did_you_mean=did_you_mean)

    # --- suggestions ---------------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        parsed = parse(prefix)  # as typed: the last word is always a prefix here
        if parsed.empty or limit <= 0:
            return []
        starts = " " + " ".join(parsed.terms)
        # Names starting with what was typed come first: an index range scan finds them
        # without touching every name that merely contains the words.
        base, params = self._candidates_sql(
            parsed, ProductQuery(), name_starts=" ".join(parsed.terms)
        )
        sql = (
            f"WITH m AS {self._materialized()} ({base}) SELECT id FROM m "  # noqa: S608
            "ORDER BY tier DESC, stars DESC NULLS LAST, nl, id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < limit:
            base, params = self._candidates_sql(
                parsed, ProductQuery(), name_only=True, text_columns=("nf",)
            )
            sql = (
                f"WITH m AS {self._materialized()} ({base}) SELECT id FROM m "  # noqa: S608
                f"ORDER BY CASE WHEN {self._strpos()}(' ' || nf, %s) = 1 THEN 0 ELSE 1 END, "
                "tier DESC, stars DESC NULLS LAST, nl, id LIMIT %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, starts, limit])
                more = [row[0] for row in cursor.fetchall() if row[0] not in ids]
            ids += more[: limit - len(ids)]
        names = {
            pid: (slug, name)
            for pid, slug, name in Product.objects.filter(id__in=ids).values_list(
                "id", "slug", "name"
            )
        }
        products = [(i, *names[i]) for i in ids if i in names]
        vendors = list(
            Vendor.objects.filter(status=VendorStatus.APPROVED)
            .filter(id__in=self._match_vendors(parsed, name_only=True))
            .annotate(
                starts=Case(
                    When(
                        GreaterThan(StrIndex(_pad("search_entry__name_folded"), Value(starts)), 0),
                        then=Value(1),
                    ),
                    default=Value(0),
                ),
                head=StrIndex(_pad("search_entry__name_folded"), Value(starts)),
                name_length=Length("search_entry__name_folded"),
            )
            .order_by(F("starts").desc(), "head", "name_length", "id")
            .values_list("id", "slug", "display_name")[:limit]
        )
        # Storefronts keep a few places when there are enough products to fill the list.
        n_vendors = min(len(vendors), max(SUGGEST_VENDORS, limit - len(products)))
        n_products = min(len(products), limit - n_vendors)
        return [
            Suggestion(kind="product", id=i, slug=s, label=n) for i, s, n in products[:n_products]
        ] + [Suggestion(kind="vendor", id=i, slug=s, label=n) for i, s, n in vendors[:n_vendors]]

    # --- indexing ------------------------------------------------------------------------

    @staticmethod
    def _add_terms(texts: Iterable[str]) -> None:
        words = {w for text in texts for w in text.split() if len(w) <= 64}
        if words:
            Term.objects.bulk_create(
                [Term(term=w) for w in sorted(words)], ignore_conflicts=True, batch_size=2000
            )

    def index_products(self, ids: Iterable[int]) -> int:
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
                self._add_terms(e.name_folded + " " + e.body_folded for e in entries)
        return len(entries)

    def delete_products(self, ids: Iterable[int]) -> None:
        ProductEntry.objects.filter(product_id__in=list(ids)).delete()

    def index_vendors(self, ids: Iterable[int]) -> int:
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
                self._add_terms(e.name_folded + " " + e.body_folded for e in entries)
        return len(entries)

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


def _buckets(rows: Iterable[tuple[str, str, int]]) -> list[FacetBucket]:
    return [
        FacetBucket(key=k, label=label, count=n)
        for k, label, n in sorted(rows, key=lambda r: (-r[2], r[1]))
        if n
    ]
