"""Trade leads in the search contract (D167).

A lead's searchable text is folded once in Python (`lead_text`: core.text.fold, then the
words of search.query.folded_words, so punctuation never glues to a word) and each folded word
of `q` must start a word of it, the last one too (no typo correction, no ranking ladder: leads
are listed newest or expiring first, D149). Only published leads whose expiry day has not come
(Asia/Ho_Chi_Minh) match, whatever the index holds.

Every backend answers `search_leads(LeadQuery)` with the ids of the matching leads:

- the database backends read the leads table itself (its `search_folded` column is the index),
  through the function the leads app registers here (`lead_database_search_register`, from its
  `extensions.connect()`: search stands below leads and does not import it);
- Elasticsearch keeps the documents leads push (`index_leads`, `delete_leads`) in its own
  index (search/backends/elasticsearch/leads.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from search.query import folded_words

#: At most this many ids answer one lead search; the API pages and orders them itself.
LEAD_SEARCH_LIMIT = 1000


class LeadDocument(TypedDict):
    id: int
    kind: str
    text: str  # lead_text(): the folded words, space-separated, with a leading space
    category_path: str
    province_code: int
    expires_on: str  # ISO date: the day it stops matching
    published_at: str | None


@dataclass(frozen=True)
class LeadQuery:
    q: str
    kind: str | None = None
    category_path: str | None = None  # the category's path: includes its descendants
    province: int | None = None
    today: dt.date | None = None  # "today" in Asia/Ho_Chi_Minh; the backend's own by default
    limit: int = LEAD_SEARCH_LIMIT

    @property
    def words(self) -> list[str]:
        return folded_words(self.q)[:10]


@dataclass(frozen=True)
class LeadHits:
    ids: list[int]  # newest publication first
    total: int


def lead_text(*parts: str) -> str:
    """The searchable text of a lead: " word word …", folded, words only."""
    return " " + " ".join(folded_words(" ".join(parts)))


_database_search: list[Callable[[LeadQuery], LeadHits]] = []


def lead_database_search_register(search: Callable[[LeadQuery], LeadHits]) -> None:
    _database_search[:] = [search]


def lead_database_search(query: LeadQuery) -> LeadHits:
    if not _database_search:
        raise RuntimeError("no lead search is registered (is the leads app installed?)")
    return _database_search[0](query)
