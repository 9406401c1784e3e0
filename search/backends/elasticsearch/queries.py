"""Elasticsearch queries of the search backend: relevance, filters, sorts, aggregations, facets.

Pure builders (elasticsearch.dsl objects and dicts) plus the shaping of aggregation results
into the facet buckets the database backends return; no request is made here.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from marketplace.models import VendorKind
from search.backends.database.facets import (
    FACET_LIMIT,
    band_labels,
    buckets,
    category_tree,
    commune_label,
    province_label,
    rating_buckets,
)
from search.backends.database.relevance import (
    TIER_BODY_PHRASE,
    TIER_EXACT,
    TIER_NAME_ALL,
    TIER_NAME_PHRASE,
)
from search.backends.elasticsearch import indices
from search.base import (
    PRICE_BANDS,
    PRICE_ON_REQUEST_BAND,
    RATING_LEVELS,
    FacetBucket,
    ProductQuery,
    VendorQuery,
)
from search.query import ParsedQuery

# The relevance rules (search.backends.database.relevance TIER_*: 8, 4, 2, 1) are scored times
# STAR_ROOM so 1 + the star levels held today (1 to 4) fit underneath the smallest rule.
STAR_ROOM = 4


def _all_terms(field: str, parsed: ParsedQuery) -> Query:
    """Every term in `field`; the last one also as a prefix when it is being typed."""
    if parsed.prefix:
        return Q("match_bool_prefix", **{field: {"query": parsed.text, "operator": "and"}})
    return Q("match", **{field: {"query": parsed.text, "operator": "and"}})


def _phrase(field: str, parsed: ParsedQuery) -> Query:
    kind = "match_phrase_prefix" if parsed.prefix else "match_phrase"
    return Q(kind, **{field: {"query": parsed.text}})


def _rule(query: Query, weight: int) -> Query:
    return Q("constant_score", filter=query, boost=weight * STAR_ROOM)


def _with_stars(query: Query, today: dt.date) -> Query:
    """Adds 1 + the star levels held today (none → 1, 3★ → 2, 4★ → 3, 5★ → 4): always between
    one rule and the next. (A document no function matched would get 1 anyway.)"""
    functions: list[dict[str, Any]] = [{"weight": 1}]
    functions += [
        {"filter": star_clause(level, today).to_dict(), "weight": 1}
        for level in indices.STAR_LEVELS
    ]
    return Q("function_score", query=query, functions=functions, score_mode="sum", boost_mode="sum")


def relevance_query(parsed: ParsedQuery, today: dt.date, *, with_stars: bool) -> Query:
    """All words must match, in the name or elsewhere (the last one also as a prefix when
    typed); the score is the search.base rules read as a binary number, stars below them."""
    should = [
        _rule(_all_terms("name_folded", parsed), TIER_NAME_ALL),
        _rule(_phrase("name_folded", parsed), TIER_NAME_PHRASE),
    ]
    if parsed.has_diacritics and parsed.exact:
        exact = Q("match", name_lower={"query": " ".join(parsed.exact), "operator": "and"})
        should.append(_rule(exact, TIER_EXACT))
    if len(parsed.terms) > 1:
        should.append(_rule(_phrase("body_folded", parsed), TIER_BODY_PHRASE))
    base = Q("bool", filter=[_all_terms("all_folded", parsed)], should=should)
    return _with_stars(base, today) if with_stars else base


def suggest_query(parsed: ParsedQuery, today: dt.date, *, with_stars: bool) -> Query:
    """Names holding every word (the last as a prefix): names containing the words as typed
    first, those starting with them before the others."""
    base = Q(
        "bool",
        filter=[_all_terms("name_folded", parsed)],
        should=[
            _rule(_phrase("name_folded", parsed), 2),
            _rule(Q("prefix", name_head=parsed.text), 1),
        ],
    )
    return _with_stars(base, today) if with_stars else base


def star_clause(level: int, today: dt.date) -> Query:
    """Stars of `level` or more count today: a certificate that lasts past today holds them."""
    return Q("range", **{f"ocop_from_{level}": {"gt": today.isoformat()}})


def product_filters(query: ProductQuery, today: dt.date) -> list[Query]:
    clauses: list[Query] = []
    if query.category:
        clauses.append(Q("term", category_slugs=query.category))
    if query.province is not None:
        clauses.append(Q("term", province_code=query.province))
    if query.commune is not None:
        clauses.append(Q("term", commune_code=query.commune))
    if query.vendor:
        clauses.append(Q("term", vendor_slug=query.vendor))
    if query.vendor_type:
        clauses.append(Q("term", vendor_type=query.vendor_type))
    if query.ocop_stars_min is not None:
        level = max(query.ocop_stars_min, indices.STAR_LEVELS[0])
        if level > indices.STAR_LEVELS[-1]:
            clauses.append(Q("bool", must_not=[Q("match_all")]))
        else:
            clauses.append(star_clause(level, today))
    if query.price_min is not None or query.price_max is not None:
        bounds = {}
        if query.price_min is not None:
            bounds["gte"] = query.price_min
        if query.price_max is not None:
            bounds["lte"] = query.price_max
        clauses.append(Q("range", price=bounds))
    if query.price_on_request is not None:
        clauses.append(Q("term", price_on_request=query.price_on_request))
    if query.fair:
        clauses.append(Q("term", fairs=query.fair))
    if query.rating_min is not None:
        clauses.append(Q("range", rating={"gte": query.rating_min}))
    return clauses


def vendor_filters(query: VendorQuery) -> list[Query]:
    clauses: list[Query] = []
    if query.province is not None:
        clauses.append(Q("term", province_code=query.province))
    if query.commune is not None:
        clauses.append(Q("term", commune_code=query.commune))
    if query.vendor_type:
        clauses.append(Q("term", vendor_type=query.vendor_type))
    return clauses


_NEWEST = [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": {"order": "desc"}}]


def product_sort(ordering: str, has_text: bool) -> list[Any]:
    """The database backends' orders (catalog.api.filters.ORDERINGS and search.base)."""
    if ordering == "relevance" and has_text:
        return [
            {"_score": {"order": "desc"}},
            {"rating": {"order": "desc", "missing": "_last"}},
            {"name_length": {"order": "asc"}},
            *_NEWEST,
        ]
    if ordering == "price":
        return [{"price": {"order": "asc", "missing": "_last"}}, {"id": {"order": "asc"}}]
    if ordering == "-price":
        return [{"price": {"order": "desc", "missing": "_last"}}, {"id": {"order": "asc"}}]
    if ordering == "name":
        return [{"name": {"order": "asc"}}, {"id": {"order": "asc"}}]
    return list(_NEWEST)


def vendor_sort(ordering: str, has_text: bool) -> list[Any]:
    newest = [{"approved_at": {"order": "desc", "missing": "_last"}}, {"id": {"order": "desc"}}]
    if ordering == "name":
        return [{"name": {"order": "asc"}}, {"id": {"order": "asc"}}]
    if ordering == "newest" or not has_text:
        return newest
    return [
        {"_score": {"order": "desc"}},
        {"name_length": {"order": "asc"}},
        {"name": {"order": "asc"}},
        {"id": {"order": "asc"}},
    ]


def product_aggs(today: dt.date) -> dict[str, Any]:
    from elasticsearch.dsl import A

    only = {
        "5": star_clause(5, today),
        "4": star_clause(4, today) & ~star_clause(5, today),
        "3": star_clause(3, today) & ~star_clause(4, today),
    }
    return {
        "category": A("terms", field="category_id", size=5000),
        "province": A("terms", field="province_code", size=100),
        "commune": A("terms", field="commune_code", size=FACET_LIMIT),
        "ocop_stars": A("filters", filters=only),
        "vendor_type": A("terms", field="vendor_type", size=20),
        "price": A("terms", field="price_band", size=len(PRICE_BANDS) + 1),
        "fair": A("terms", field="fairs", size=1000),
        "rating": A(
            "filters",
            filters={str(level): Q("range", rating={"gte": level}) for level in RATING_LEVELS},
        ),
    }


@functools.lru_cache(maxsize=4)
def product_aggs_body(today: dt.date) -> dict[str, Any]:
    """product_aggs as the request body carries them, built once a day (D248). Shared: never
    modify the answer."""
    return {name: agg.to_dict() for name, agg in product_aggs(today).items()}


def _counts(aggs: dict[str, Any], name: str) -> dict[Any, int]:
    found = aggs.get(name, {}).get("buckets", [])
    if isinstance(found, dict):  # a filters aggregation
        return {k: int(v["doc_count"]) for k, v in found.items() if v["doc_count"]}
    return {b["key"]: int(b["doc_count"]) for b in found if b["doc_count"]}


def product_facets(aggs: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    """Buckets labelled and shaped exactly as the database backends shape theirs."""
    provinces = _counts(aggs, "province")
    communes = _counts(aggs, "commune")
    stars = _counts(aggs, "ocop_stars")
    kinds = dict(VendorKind.choices)
    bands = _counts(aggs, "price")
    labels = band_labels()
    order = [k for k, _, _ in PRICE_BANDS] + [PRICE_ON_REQUEST_BAND]
    return {
        "category": category_tree(_counts(aggs, "category")),
        "province": buckets((str(p), province_label(p), n) for p, n in provinces.items()),
        "commune": buckets((str(c), commune_label(c), n) for c, n in communes.items()),
        "ocop_stars": [
            FacetBucket(key=k, label=f"{k}★", count=stars[k]) for k in ("5", "4", "3") if k in stars
        ],
        "vendor_type": buckets(
            (k, str(kinds.get(k, k)), n) for k, n in _counts(aggs, "vendor_type").items()
        ),
        "price": [
            FacetBucket(key=k, label=labels[k], count=bands[k]) for k in order if bands.get(k)
        ],
        "fair": buckets((s, s, n) for s, n in _counts(aggs, "fair").items()),
        "rating": rating_buckets({int(k): n for k, n in _counts(aggs, "rating").items()}),
    }


def vendor_facets(aggs: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    provinces = _counts(aggs, "province")
    kinds = dict(VendorKind.choices)
    return {
        "province": buckets((str(p), province_label(p), n) for p, n in provinces.items()),
        "vendor_type": buckets(
            (k, str(kinds.get(k, k)), n) for k, n in _counts(aggs, "vendor_type").items()
        ),
    }
