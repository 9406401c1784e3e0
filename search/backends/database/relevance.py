"""The relevance tiers of the database backends (the rules of search.base, highest first).

A tier is the sum of the rules a row meets, each worth a power of two, so comparing tiers
compares the rule tuples. Products get it as SQL over an entry row (`tier_sql`), storefronts as
an ORM expression over their entry (`tier_expression`). The Elasticsearch backend scores the same
constants (search.backends.elasticsearch.queries).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat, StrIndex
from django.db.models.lookups import GreaterThan

from search.query import ParsedQuery

TIER_NAME_ALL = 8
TIER_NAME_PHRASE = 4
TIER_EXACT = 2
TIER_BODY_PHRASE = 1


def top_tier(parsed: ParsedQuery) -> int:
    """The highest tier `tier_sql` can give for this query."""
    top = TIER_NAME_ALL + TIER_NAME_PHRASE
    if parsed.has_diacritics and parsed.exact:
        top += TIER_EXACT
    if len(parsed.terms) > 1:
        top += TIER_BODY_PHRASE
    return top


def tier_sql(parsed: ParsedQuery, alias: str, strpos: str) -> tuple[str, list[Any]]:
    """The relevance tier over entry columns of `alias`; `strpos` is the SQL function giving
    the 1-based position of a substring (0 when absent)."""
    if parsed.empty:
        return "0", []
    name = f"(' ' || {alias}.name_folded || ' ')"
    body = f"(' ' || {alias}.body_folded || ' ')"
    exact_name = f"(' ' || {alias}.name_lower || ' ')"
    end = "" if parsed.prefix else " "
    *whole, last = parsed.terms
    params: list[Any] = []
    all_in = []
    for t in whole:
        all_in.append(f"{strpos}({name}, %s) > 0")
        params.append(f" {t} ")
    all_in.append(f"{strpos}({name}, %s) > 0")
    params.append(f" {last}{end}")
    phrase = " " + " ".join(parsed.terms) + end
    sql = f"(CASE WHEN {' AND '.join(all_in)} THEN {TIER_NAME_ALL} ELSE 0 END"
    sql += f" + CASE WHEN {strpos}({name}, %s) > 0 THEN {TIER_NAME_PHRASE} ELSE 0 END"
    params.append(phrase)
    if parsed.has_diacritics and parsed.exact:
        exact = " AND ".join(f"{strpos}({exact_name}, %s) > 0" for _ in parsed.exact)
        sql += f" + CASE WHEN {exact} THEN {TIER_EXACT} ELSE 0 END"
        params += [f" {w} " for w in parsed.exact]
    if len(parsed.terms) > 1:
        sql += f" + CASE WHEN {strpos}({body}, %s) > 0 THEN {TIER_BODY_PHRASE} ELSE 0 END"
        params.append(phrase)
    return sql + ")", params


def pad(field: str) -> Concat:
    """The text of `field` between two spaces (so " word " finds whole words)."""
    return Concat(Value(" "), F(field), Value(" "), output_field=TextField())


def contains(field: str, needle: str) -> GreaterThan:
    return GreaterThan(StrIndex(pad(field), Value(needle)), 0)


def tier_expression(parsed: ParsedQuery, prefix: str) -> Any:
    """The relevance tier as one ORM expression over the entry row (`prefix` = its relation)."""
    *whole, last = parsed.terms
    name, name_lower, body = (
        f"{prefix}name_folded",
        f"{prefix}name_lower",
        f"{prefix}body_folded",
    )
    end = "" if parsed.prefix else " "
    all_in_name = Q(*[contains(name, f" {t} ") for t in whole], contains(name, f" {last}{end}"))
    phrase = " " + " ".join(parsed.terms) + end
    tier: Any = Case(When(all_in_name, then=Value(TIER_NAME_ALL)), default=Value(0))
    tier = tier + Case(When(contains(name, phrase), then=Value(TIER_NAME_PHRASE)), default=0)
    if parsed.has_diacritics and parsed.exact:
        exact = Q(*[contains(name_lower, f" {w} ") for w in parsed.exact])
        tier = tier + Case(When(exact, then=Value(TIER_EXACT)), default=0)
    if len(parsed.terms) > 1:
        tier = tier + Case(When(contains(body, phrase), then=Value(TIER_BODY_PHRASE)), default=0)
    return tier
