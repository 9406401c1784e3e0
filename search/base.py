"""The search contract every backend implements (database backends and Elasticsearch).

Queries and results are plain frozen dataclasses so the API, the tasks, the benchmarks and the
conformance suite (tests/search/conformance.py) speak to any backend the same way.

Rules every backend follows (the conformance suite checks them):

- Text is matched on the Python-folded text (core.text.fold: lower case, no diacritics,
  đ → d), all query words must match, the last word also as a prefix (search as you type) unless
  it is itself an indexed word ("bun ga" must not find "bún … gạo"), and a word that matches
  nothing is replaced by the nearest indexed word (`did_you_mean` then holds the corrected
  query). `suggest()` always treats the last word as a prefix.
- Relevance order: all words in the name > the query as a phrase in the name > the words with
  their diacritics in the name (exact spelling) > the phrase anywhere else; then verified OCOP
  stars valid today, then rating, then shorter names, then newest.
- Only published products of approved storefronts, and OCOP stars only from certificates
  verified and not expired on today's date in Asia/Ho_Chi_Minh, however stale the index is.
- Facet counts are computed over the hits after every filter (drill-down). Keys are strings:
  category slug (a tree, each node counting its descendants), province code, commune code, OCOP
  stars ("3", "4", "5"), vendor type, price band key (PRICE_BANDS, plus "on_request"), fair slug,
  rating ("4" … "1": hits whose review average is at least that, RATING_LEVELS).
- With an empty `q`, ordering "relevance" means "newest".
- `total` is exact unless `total_relation` is "gte" (then there are at least that many hits);
  facets count every hit unless `facets_sampled`. The page is always ranked over every hit.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from search.leads import LeadDocument, LeadHits, LeadQuery, lead_database_search

ProductOrdering = Literal["relevance", "newest", "price", "-price", "name"]
PRODUCT_ORDERINGS: tuple[str, ...] = ("relevance", "newest", "price", "-price", "name")
VendorOrdering = Literal["relevance", "name", "newest"]
TotalRelation = Literal["eq", "gte"]
VENDOR_ORDERINGS: tuple[str, ...] = ("relevance", "name", "newest")

FACET_NAMES: tuple[str, ...] = (
    "category",
    "province",
    "commune",
    "ocop_stars",
    "vendor_type",
    "price",
    "fair",
    "rating",
)
# Rating facet buckets: "4" counts the hits rated 4 stars or more (what rating_min=4 keeps).
RATING_LEVELS: tuple[int, ...] = (4, 3, 2, 1)
VENDOR_FACET_NAMES: tuple[str, ...] = ("province", "vendor_type")

# Price bands in VND: (key, lower bound inclusive, upper bound exclusive or None).
PRICE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-50000", 0, 50_000),
    ("50000-100000", 50_000, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-1000000", 500_000, 1_000_000),
    ("1000000-", 1_000_000, None),
)
PRICE_ON_REQUEST_BAND = "on_request"


def price_band(price: int | None, on_request: bool) -> str:
    if on_request or price is None:
        return PRICE_ON_REQUEST_BAND
    for key, low, high in PRICE_BANDS:
        if price >= low and (high is None or price < high):
            return key
    return PRICE_BANDS[-1][0]


@dataclass(frozen=True)
class ProductQuery:
    q: str = ""
    category: str | None = None  # slug; includes its descendants
    province: int | None = None  # official province code
    commune: int | None = None  # official commune code
    vendor: str | None = None  # storefront slug
    vendor_type: str | None = None  # marketplace.models.VendorKind value
    ocop_stars_min: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    price_on_request: bool | None = None
    fair: str | None = None  # fair slug: products shown in that fair's showcase
    rating_min: float | None = None  # average of published reviews at least this (D138)
    ordering: ProductOrdering = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True
    # Set when the caller already holds this search's count and facets (kept under the public
    # write generation, D245), to whether that count was exact: the backend then only ranks
    # the page, and may leave `total` and `facets` empty.
    counted: TotalRelation | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class VendorQuery:
    q: str = ""
    province: int | None = None
    commune: int | None = None
    vendor_type: str | None = None
    ordering: VendorOrdering = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Hit:
    id: int
    score: float
    # field name → HTML-escaped text with the matched words in <mark>…</mark>
    highlight: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetBucket:
    key: str
    label: str
    count: int
    children: tuple[FacetBucket, ...] = ()


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)
    did_you_mean: str | None = None
    # "eq": `total` is the exact number of hits; "gte": there are at least `total` (a backend
    # may stop counting at a bound, as the database backends do at SEARCH_TRACK_TOTAL_HITS).
    total_relation: TotalRelation = "eq"
    # True when the facet counts were taken over a bounded subset of the hits, not all of them.
    facets_sampled: bool = False


@dataclass(frozen=True)
class Suggestion:
    kind: Literal["product", "vendor"]
    id: int
    slug: str
    label: str


class SearchUnavailable(Exception):
    """The backend cannot answer (e.g. Elasticsearch is down). Writes never raise it."""


class SearchBackend(abc.ABC):
    """One search implementation. Index methods take ids and fetch what they need themselves
    (search.documents); ids of rows that are gone or no longer visible are removed."""

    name: str = "abstract"

    @abc.abstractmethod
    def search_products(self, query: ProductQuery) -> SearchResults: ...

    @abc.abstractmethod
    def search_vendors(self, query: VendorQuery) -> SearchResults: ...

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]: ...

    @abc.abstractmethod
    def index_products(self, ids: Iterable[int]) -> int:
        """(Re)index these products; invisible or missing ones are deleted. Returns the number
        of documents written."""

    @abc.abstractmethod
    def delete_products(self, ids: Iterable[int]) -> None: ...

    @abc.abstractmethod
    def index_vendors(self, ids: Iterable[int]) -> int: ...

    @abc.abstractmethod
    def delete_vendors(self, ids: Iterable[int]) -> None: ...

    @abc.abstractmethod
    def rebuild(self) -> int:
        """Rebuild the whole index from the database; returns the number of products indexed."""

    @abc.abstractmethod
    def ping(self) -> bool:
        """True when the backend can answer queries now."""

    # -- trade leads (search/leads.py, D167) ---------------------------------------------------
    def search_leads(self, query: LeadQuery) -> LeadHits:
        """Ids of the public leads whose text holds every word of `q` (each from the start
        of a word), newest publication first. The database backends read the leads table."""
        return lead_database_search(query)

    def index_leads(self, documents: list[LeadDocument]) -> int:
        """(Re)index these public leads; the database backends' index is the leads table."""
        return 0

    def delete_leads(self, ids: Iterable[int]) -> None:
        """Forget these leads (closed, back in review); nothing to do for the database."""
        return None
