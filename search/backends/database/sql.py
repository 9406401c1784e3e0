"""The product search statement of the database backends, assembled from constant fragments.

(Hand-written SQL, hence the S608 markers; every value travels as a query parameter.)

The candidate set (`candidates_sql`) is the UNION of two branches. Entries with no pending update
(nothing queued in IndexQueue) are read alone: the services queue every change in the
transaction that makes it, so an entry without a queue row is exact. Entries with a pending
update are read through the live catalogue (status, storefront, filters and stars), so nothing
hidden a moment ago can show (docs/decisions.md D15). On top of it, one statement
(`products_sql`) returns the page, the count and the facet counts (decisions D19a).

A vendor backend supplies the few fragments that differ between databases (`Dialect`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import timezone

from search.backends.database.relevance import tier_sql
from search.base import PRICE_BANDS, ProductQuery
from search.query import ParsedQuery

# Typed NULLs for the unused columns of the count and facet rows (PostgreSQL types UNIONs).
NO_INTS = "CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)"
BRANCHES = ("entry", "live")

# The candidate columns ranking and facets need, read from the entry or the live rows.
COLUMNS = {
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
        "rating": "e.rating",
        "stars": (
            "(CASE WHEN e.stars5_until > %s THEN 5 WHEN e.stars4_until > %s THEN 4 "
            "WHEN e.stars3_until > %s THEN 3 END)"
        ),
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
        "rating": "CAST(p.rating_avg AS DOUBLE PRECISION)",
        "stars": (
            "(SELECT MAX(c.stars) FROM catalog_ocopcertificate c WHERE c.product_id = p.id "
            "AND c.status = 'verified' AND c.expires_on > %s)"
        ),
    },
}
# The rows each branch reads. "entry" when nothing is queued: the entries alone (D244).
SOURCES = {
    "entry": (
        " FROM search_productentry e WHERE NOT EXISTS (SELECT 1 FROM search_indexqueue q "
        "WHERE q.kind = 'product' AND q.object_id = e.product_id)"
    ),
    "entry_alone": " FROM search_productentry e WHERE 1 = 1",
    # Driven by the queue (a handful of rows): CROSS JOIN keeps SQLite's planner from starting
    # with every published product; PostgreSQL reorders it anyway.
    "live": (
        " FROM search_indexqueue q CROSS JOIN search_productentry e "
        "CROSS JOIN catalog_product p CROSS JOIN marketplace_vendor v "
        "WHERE q.kind = 'product' AND e.product_id = q.object_id "
        "AND p.id = e.product_id AND v.id = p.vendor_id "
        "AND p.status = 'published' AND v.status = 'approved'"
    ),
}
# The facets counted in the statement, each over a column of the candidates (or an expression
# of one): the text-keyed ones return their key in `key`, the others an integer in `a`.
TEXT_FACETS = (("vendor_type", "kind"), ("fair", "fairs"))
# the highest RATING_LEVELS step reached; facets.py sums them into "at least" counts
RATING_LEVEL = (
    "CASE WHEN rating >= 4 THEN 4 WHEN rating >= 3 THEN 3 WHEN rating >= 2 THEN 2 "
    "WHEN rating >= 1 THEN 1 END"
)
ORDERINGS = {
    "relevance": (
        "tier DESC, stars DESC NULLS LAST, rating DESC NULLS LAST, nl, "
        "published DESC NULLS LAST, id DESC"
    ),
    "newest": "published DESC NULLS LAST, id DESC",
    "price": "price ASC NULLS LAST, id",
    "-price": "price DESC NULLS LAST, id",
    "name": "name, id",
}


class Dialect(Protocol):
    """What differs between the databases (the hooks of DatabaseBackend)."""

    def _strpos(self) -> str: ...

    def _name_range(self, alias: str) -> str: ...

    def _entry_match(
        self, parsed: ParsedQuery, alias: str, *, name_only: bool = False, indexed: bool = True
    ) -> tuple[str, list[Any]]: ...

    def _materialized(self) -> str: ...

    def _grouping_sets(self) -> bool: ...


def candidates_sql(
    dialect: Dialect,
    parsed: ParsedQuery,
    query: ProductQuery,
    *,
    name_only: bool = False,
    text_columns: tuple[str, ...] = (),
    name_starts: str | None = None,
    pending: bool = True,
) -> tuple[str, list[Any]]:
    """One SELECT of the visible products matching the text and every filter, with the columns
    ranking and facets need (id, province, commune, category, kind, price, por, published,
    rating, stars, tier, nl); the wide text ones ("name", "nf" the folded name, "fairs") only when
    asked, so the set stays in memory. `name_starts`: the folded names starting with it,
    instead of the text match. `pending=False`: the caller has just seen the index queue hold no
    product, so the entries are read alone, without the live branch (D244)."""
    today = timezone.localdate()
    tier, tier_params = tier_sql(parsed, "e", dialect._strpos())
    branches: list[str] = []
    params: list[Any] = []
    for branch in BRANCHES if pending else ("entry",):
        match, match_params = _match(
            dialect, parsed, branch, name_only=name_only, name_starts=name_starts
        )
        where, where_params = _filters(dialect, query, branch, today)
        branches.append(
            _select(branch, tier, text_columns)
            + SOURCES[branch if pending else "entry_alone"]
            + match
            + "".join(f" AND {w}" for w in where)
        )
        params += [*_stars_params(branch, today), *tier_params, *match_params, *where_params]
    return " UNION ALL ".join(branches), params


def _stars_params(branch: str, today: dt.date) -> list[Any]:
    return [today, today, today] if branch == "entry" else [today]


def _select(branch: str, tier: str, text_columns: tuple[str, ...]) -> str:
    c = COLUMNS[branch]
    texts = {"name": c["name"], "nf": "e.name_folded", "fairs": "e.fairs"}
    return (
        f"SELECT {c['id']} AS id, {c['province']} AS province, "
        f"{c['commune']} AS commune, {c['category']} AS category, {c['kind']} AS kind, "
        f"{c['price']} AS price, {c['por']} AS por, {c['published']} AS published, "
        f"{c['rating']} AS rating, "
        f"{c['stars']} AS stars, {tier} AS tier, length(e.name_folded) AS nl"
        + "".join(f", {texts[t]} AS {t}" for t in text_columns)
    )


def _match(
    dialect: Dialect,
    parsed: ParsedQuery,
    branch: str,
    *,
    name_only: bool,
    name_starts: str | None,
) -> tuple[str, list[Any]]:
    """The text condition on the entry `e` (empty when there is no text)."""
    if name_starts is not None:
        # folded names are [0-9a-z ]: "{" sorts after all of them
        return f" AND {dialect._name_range('e')}", [name_starts, name_starts + "{"]
    if parsed.empty:
        return "", []
    condition, params = dialect._entry_match(
        parsed, "e", name_only=name_only, indexed=branch == "entry"
    )
    return f" AND {condition}", params


def _filters(
    dialect: Dialect, query: ProductQuery, branch: str, today: dt.date
) -> tuple[list[str], list[Any]]:
    """The query's filters as conditions on the branch's columns, with their parameters."""
    c = COLUMNS[branch]
    where: list[str] = []
    params: list[Any] = []
    if query.category:
        where.append(
            f"{c['category']} IN (SELECT cc.id FROM catalog_category cc, "  # noqa: S608
            "catalog_category root WHERE root.slug = %s "
            "AND substr(cc.path, 1, length(root.path)) = root.path)"
        )
        params.append(query.category)
    for key in ("province", "commune"):
        if getattr(query, key) is not None:
            where.append(f"{c[key]} = %s")
            params.append(getattr(query, key))
    if query.vendor:
        where.append(
            f"{c['vendor']} = (SELECT vv.id FROM marketplace_vendor vv WHERE vv.slug = %s)"  # noqa: S608
        )
        params.append(query.vendor)
    for value, condition in (
        (query.vendor_type or None, f"{c['kind']} = %s"),
        (query.price_min, f"{c['price']} >= %s"),
        (query.price_max, f"{c['price']} <= %s"),
        (query.price_on_request, f"{c['por']} = %s"),
        (query.rating_min, f"{c['rating']} >= %s"),
    ):
        if value is not None:
            where.append(condition)
            params.append(value)
    if query.fair:
        where.append(f"{dialect._strpos()}(e.fairs, %s) > 0")
        params.append(f" {query.fair} ")
    if query.ocop_stars_min is not None:
        stars, stars_params = _stars_filter(query.ocop_stars_min, branch, today)
        where.append(stars)
        params += stars_params
    return where, params


def _stars_filter(stars_min: int, branch: str, today: dt.date) -> tuple[str, list[Any]]:
    if branch == "entry":
        # one date per level held, so the starred entries' partial indexes apply
        levels = [s for s in (3, 4, 5) if s >= stars_min]
        held = " OR ".join(f"e.stars{s}_until > %s" for s in levels)
        return (f"({held})" if levels else "1 = 0"), [today] * len(levels)
    return f"{COLUMNS[branch]['stars']} >= %s", [*_stars_params(branch, today), stars_min]


def order_by(parsed: ParsedQuery, query: ProductQuery) -> str:
    """The ORDER BY of the query's ordering over the candidate columns."""
    ordering = query.ordering
    if ordering == "relevance" and parsed.empty:
        ordering = "newest"
    return ORDERINGS[ordering]


def price_band_sql() -> tuple[str, list[Any]]:
    """The price band of a candidate row as an integer: its index in search.base.PRICE_BANDS,
    or -1 for "on request" (facets.band_key names it)."""
    bands = ["WHEN por THEN -1"]
    params: list[Any] = []
    for i, (_key, low, high) in enumerate(PRICE_BANDS):
        if high is None:
            bands.append(f"WHEN price >= %s THEN {i}")
            params.append(low)
        else:
            bands.append(f"WHEN price >= %s AND price < %s THEN {i}")
            params += [low, high]
    return f"CASE {' '.join(bands)} ELSE -1 END", params


def facets_sql(dialect: Dialect) -> tuple[list[str], list[Any]]:
    """The SELECTs counting every facet over `f`, as rows (facet, text key, hits, integer key,
    NULL). PostgreSQL counts them all in one pass over the hits (GROUPING SETS); SQLite, which
    has no grouping sets, in one GROUP BY each."""
    band, params = price_band_sql()
    ints = (
        ("category", "category"),
        ("province", "province"),
        ("commune", "commune"),
        ("ocop_stars", "stars"),
        ("rating", RATING_LEVEL),
        ("price", band),
    )
    if not dialect._grouping_sets():
        parts = [
            f"SELECT '{facet}', {expr}, COUNT(*), {NO_INTS} FROM f GROUP BY {expr}"  # noqa: S608
            for facet, expr in TEXT_FACETS
        ] + [
            f"SELECT '{facet}', CAST(NULL AS TEXT), COUNT(*), {expr}, "  # noqa: S608
            f"CAST(NULL AS INTEGER) FROM f GROUP BY 4"
            for facet, expr in ints
        ]
        return parts, params
    # Each grouping set groups by one column; GROUPING() has a bit set (most significant
    # first) for every column the row is not grouped by, which names the set.
    names = [facet for facet, _ in TEXT_FACETS] + [facet for facet, _ in ints]
    columns = [expr for _, expr in TEXT_FACETS] + [f"i{i}" for i in range(len(ints))]
    full = (1 << len(names)) - 1
    which = " ".join(
        f"WHEN {full - (1 << (len(names) - 1 - i))} THEN '{facet}'" for i, facet in enumerate(names)
    )
    inner = ", ".join(expr for _, expr in TEXT_FACETS) + "".join(
        f", {expr} AS i{i}" for i, (_, expr) in enumerate(ints)
    )
    sets = ", ".join(f"({c})" for c in columns)
    text_keys = ", ".join(expr for _, expr in TEXT_FACETS)
    int_keys = ", ".join(f"i{i}" for i in range(len(ints)))
    sql = (
        f"SELECT CASE GROUPING({', '.join(columns)}) {which} END, "  # noqa: S608
        f"COALESCE({text_keys}), COUNT(*), COALESCE({int_keys}), CAST(NULL AS INTEGER) "
        f"FROM (SELECT {inner} FROM f) AS hits GROUP BY GROUPING SETS ({sets})"
    )
    return [sql], params


# The text a page's hits are highlighted on, read with the page (nothing for the other rows):
# correlated lookups by primary key, so the page keeps its order and no other statement runs.
PAGE_TEXTS = (
    "(SELECT p.name FROM catalog_product p WHERE p.id = page.id) AS t, "
    "(SELECT p.description FROM catalog_product p WHERE p.id = page.id) AS d"
)
NO_TEXTS = "CAST(NULL AS TEXT), CAST(NULL AS TEXT)"


@dataclass(frozen=True)
class Step:
    """One try at ranking the page over every hit (backend._ranking_steps): the candidates
    it ranks, and what its page must be to be the answer. `top`: full and ending at this tier;
    None: full; the last step is always the answer."""

    candidates: tuple[str, list[Any]]
    top: int | None = None


def products_sql(
    dialect: Dialect,
    candidates: tuple[str, list[Any]],
    query: ProductQuery,
    *,
    order: str,
    track: int,
    steps: list[Step],
) -> tuple[str, list[Any]]:
    """One statement over at most `track` + 1 candidates (any order), returning rows
    (k, key, n, a, b, t, d): k "page" (key the id, n the tier, a the stars, b the name length,
    t and d the product's name and description), one k "count" (n the candidates counted)
    and, with facets, k a facet (key, n hits). Beyond the bound the page is ranked over every
    hit by the `steps` given, in the same statement (k "step0", "step1"…, as steps_sql says)."""
    base, params = candidates
    parts = [
        # ranked here only when every hit is in m: beyond the bound the caller ranks the page
        # over all of them (the steps), and this sort would be thrown away
        "SELECT 'page' AS k, CAST(id AS TEXT) AS key, tier AS n, stars AS a, nl AS b, "  # noqa: S608
        f"{PAGE_TEXTS} FROM (SELECT * FROM m WHERE (SELECT n FROM c) <= %s "
        f"ORDER BY {order} LIMIT %s OFFSET %s) AS page",
        f"SELECT 'count', CAST(NULL AS TEXT), n, {NO_INTS}, {NO_TEXTS} FROM c",  # noqa: S608
    ]
    wrapped = [f"SELECT * FROM ({part}) AS part{i}" for i, part in enumerate(parts)]  # noqa: S608
    band_params: list[Any] = []
    if query.with_facets:
        facet_parts, band_params = facets_sql(dialect)
        wrapped += [
            f"SELECT facet{i}.*, {NO_TEXTS} FROM ({part}) AS facet{i}"  # noqa: S608
            for i, part in enumerate(facet_parts)
        ]
    # The bound sits inside the CTE: PostgreSQL then plans for the first rows only (a
    # sequential scan stopping at the bound when the words are common, the GIN index when
    # they are not), and the cost estimate stays below jit_above_cost; planned for every
    # hit, the bitmap of a word in half the catalogue and JIT compilation cost more than
    # the rows themselves (decisions D19a).
    ranked_ctes, ranked_parts, ranked_params = steps_sql(
        dialect, steps, order, query, guard=("(SELECT n FROM c) > %s", [track])
    )
    cte = (
        f"WITH m AS {dialect._materialized()} (SELECT * FROM ({base}) AS hits LIMIT %s), "  # noqa: S608
        # the hits counted once, for the count row and the page's and the steps' conditions
        f"c AS (SELECT COUNT(*) AS n FROM m), f AS (SELECT * FROM m LIMIT %s), {ranked_ctes} "
    )
    sql = cte + " UNION ALL ".join([*wrapped, *ranked_parts])
    return sql, [
        *params,
        track + 1,
        track,
        *ranked_params["ctes"],
        track,
        query.page_size,
        query.offset,
        *band_params,
        *ranked_params["parts"],
    ]


def steps_sql(
    dialect: Dialect,
    steps: list[Step],
    order: str,
    query: ProductQuery,
    *,
    guard: tuple[str, list[Any]] | None = None,
) -> tuple[str, list[str], dict[str, list[Any]]]:
    """The ranking steps as CTEs ("s0, s1…": each step's page over its candidates) and the
    UNION ALL parts returning their rows (k "step0"…, then as the page rows). A step's part
    returns rows only when `guard` holds and no earlier step was the answer, so PostgreSQL,
    which reads a CTE only when a part asks for it, never ranks the steps it does not need.
    Parameters: the CTEs' ("ctes"), then the parts' ("parts")."""
    ctes: list[str] = []
    parts: list[str] = []
    params: dict[str, list[Any]] = {"ctes": [], "parts": []}
    answered: list[tuple[str, list[Any]]] = []  # "step i was the answer", for the later ones
    for i, step in enumerate(steps):
        base, base_params = step.candidates
        ctes.append(
            f"s{i} AS {dialect._materialized()} (SELECT id, tier, stars, nl "  # noqa: S608
            f"FROM ({base}) AS hits ORDER BY {order} LIMIT %s OFFSET %s)"
        )
        params["ctes"] += [*base_params, query.page_size, query.offset]
        conditions = ([guard] if guard else []) + [(f"NOT {c}", p) for c, p in answered]
        where = " AND ".join(c for c, _ in conditions)
        parts.append(
            f"SELECT 'step{i}' AS k, CAST(id AS TEXT) AS key, tier AS n, stars AS a, "  # noqa: S608
            f"nl AS b, {PAGE_TEXTS} FROM s{i} AS page" + (f" WHERE {where}" if where else "")
        )
        params["parts"] += [v for _, p in conditions for v in p]
        full = f"(SELECT COUNT(*) FROM s{i}) = %s"  # noqa: S608
        if step.top is None:
            answered.append((f"({full})", [query.page_size]))
        else:
            ends = f"(SELECT MIN(tier) FROM s{i}) = %s"  # noqa: S608
            answered.append((f"({full} AND {ends})", [query.page_size, step.top]))
    return ", ".join(ctes), parts, params


def ranked_sql(
    dialect: Dialect, steps: list[Step], order: str, query: ProductQuery
) -> tuple[str, list[Any]]:
    """The page over every hit alone (the count and facets are kept, D245): the steps in one
    statement."""
    ctes, parts, params = steps_sql(dialect, steps, order, query)
    wrapped = [f"SELECT * FROM ({part}) AS part{i}" for i, part in enumerate(parts)]  # noqa: S608
    return f"WITH {ctes} " + " UNION ALL ".join(wrapped), [*params["ctes"], *params["parts"]]


def step_page(
    rows: list[tuple[Any, ...]], steps: list[Step], page_size: int, *, final: bool = True
) -> list[tuple[Any, ...]] | None:
    """The page the steps' rows answer: the first step whose page is full (and ends at its
    tier), else the last one's; with `final=False` (more steps follow), None. Rows as the page
    rows (id as text first)."""
    for i, step in enumerate(steps):
        page = [r[1:] for r in rows if r[0] == f"step{i}"]
        full = len(page) == page_size
        last = final and i == len(steps) - 1
        if last or (full and (step.top is None or page[-1][1] == step.top)):
            return page
    return None
