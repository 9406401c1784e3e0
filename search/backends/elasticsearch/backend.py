"""The Elasticsearch backend: search.base.SearchBackend on an Elasticsearch 8/9 cluster.

Queries go through the read aliases (indices.py) with elasticsearch.dsl; documents come from
search.documents and are written with the bulk helper. Relevance follows search.base exactly:
each ranking rule is a constant-score clause worth a power of two, so the score is the rule
tuple read as a binary number; the OCOP stars valid today are added below the lowest rule, and
rating, name length and age break the remaining ties in the sort.

Every write carries an external version taken before its documents were read from the database,
so of two tasks indexing the same product the one that read later wins, whatever order their
bulk requests arrive in.

When the cluster cannot answer a query, the backend answers from the database backend
(ELASTICSEARCH_FALLBACK=database, the default; the results then say `backend="database"`) or
raises search.base.SearchUnavailable (ELASTICSEARCH_FALLBACK=none). Index writes never fall
back: they raise, and the queued rows stay queued until the cluster is back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import Q, Search

from catalog.models import Product
from search import database_backend
from search.backends.database.suggest import merged
from search.backends.elasticsearch import fallback, indices, leads, reindex
from search.backends.elasticsearch.bulk import (
    IndexingError,
    _documents,
    _version,
    bulk_write,
)
from search.backends.elasticsearch.queries import (
    product_aggs,
    product_facets,
    product_filters,
    product_sort,
    relevance_query,
    suggest_query,
    vendor_facets,
    vendor_filters,
    vendor_sort,
)
from search.base import (
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
    Suggestion,
    VendorQuery,
)
from search.documents import Document
from search.leads import LeadDocument, LeadHits, LeadQuery
from search.query import ParsedQuery, best_correction, highlight, parse

log = logging.getLogger(__name__)

# Transport errors: refused, timed out, DNS. ApiError: the cluster answered with an error
# (index missing, red cluster, 5xx).
UNREACHABLE: tuple[type[Exception], ...] = (TransportError, ApiError)


@dataclasses.dataclass(frozen=True)
class AnsweredResults(SearchResults):
    """SearchResults saying which backend answered (the database one during an outage)."""

    backend: str = "elasticsearch"


WRITE_ERRORS: tuple[type[Exception], ...] = (IndexingError, TransportError, ApiError)


class IncompleteIndex(Exception):
    """The index was created on a first write and never rebuilt: it would answer with only
    what changed since. Searches treat it as unavailable until `search_reindex` fills it."""


class PartialResults(Exception):
    """Shards failed twice in one search: the answer would silently miss documents."""


NOT_ANSWERING: tuple[type[Exception], ...] = (
    TransportError,
    ApiError,
    IncompleteIndex,
    PartialResults,
)


def execute_whole(request: Search) -> Any:
    """`request.execute()`, never a partial answer. A node that dies between a search's query
    and fetch phases leaves a shard failed (the fetch is not moved to another copy): the search
    is asked once more, when the surviving copy answers; failed again, it is an outage and the
    fallback answers (the cluster drill, D192)."""
    response = request.execute()
    if response._shards.failed:
        log.warning("Elasticsearch: %s shard(s) failed; asking once more", response._shards.failed)
        response = request.execute(ignore_cache=True)
        if response._shards.failed:
            raise PartialResults(f"{response._shards.failed} shard(s) failed twice")
    return response


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self,
        *,
        url: str | None = None,
        prefix: str | None = None,
        fallback: str | None = None,
    ) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        self.prefix = prefix or settings.ELASTICSEARCH_INDEX_PREFIX
        self.fallback = fallback if fallback is not None else settings.ELASTICSEARCH_FALLBACK
        self.es: Elasticsearch = indices.client(self.url)
        self._ensured = False

    # -- names -----------------------------------------------------------------------------
    def alias(self, kind: str) -> str:
        return indices.alias_name(kind, self.prefix)

    def next_alias(self, kind: str) -> str:
        return indices.next_alias_name(kind, self.prefix)

    # -- health ----------------------------------------------------------------------------
    def ping(self) -> bool:
        try:
            health = self.es.cluster.health(timeout="1s")
        except UNREACHABLE:
            return False
        return health.get("status") in {"green", "yellow"}

    def problem(self) -> str | None:
        """Why searches would not be answered here although the cluster is up (readyz)."""
        for kind in indices.KINDS:
            try:
                self._require_complete(kind)
            except IncompleteIndex:
                return f"the {kind} index was never filled (run search_reindex)"
            except UNREACHABLE as exc:
                return f"the {kind} index cannot be read ({exc.__class__.__name__})"
        return None

    # -- reads -----------------------------------------------------------------------------
    def _require_complete(self, kind: str) -> None:
        if not indices.is_complete_memo(self.es, self.url, self.alias(kind)):
            raise IncompleteIndex(f"{self.alias(kind)} was never filled: run search_reindex")

    def _fallback(self, exc: Exception, what: str) -> SearchBackend:
        # A refused request (400: a bug in a query) is not an outage: let it surface.
        if (
            isinstance(exc, ApiError)
            and exc.meta.status not in (404, 408, 429)
            and (exc.meta.status < 500)
        ):
            raise exc
        if self.fallback != "database":
            raise SearchUnavailable(
                f"Elasticsearch cannot answer: {exc.__class__.__name__}"
            ) from exc
        log.warning(
            "Elasticsearch cannot answer %s (%s); the database backend answers instead",
            what,
            exc.__class__.__name__,
        )
        return database_backend()

    def search_products(self, query: ProductQuery) -> SearchResults:
        try:
            self._require_complete(indices.PRODUCTS)
            return self._search_products(query)
        except NOT_ANSWERING as exc:
            results = self._fallback(exc, "a product search").search_products(query)
            return AnsweredResults(**_fields(results), backend="database")

    def search_vendors(self, query: VendorQuery) -> SearchResults:
        try:
            self._require_complete(indices.VENDORS)
            return self._search_vendors(query)
        except NOT_ANSWERING as exc:
            results = self._fallback(exc, "a storefront search").search_vendors(query)
            return AnsweredResults(**_fields(results), backend="database")

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        try:
            self._require_complete(indices.PRODUCTS)
            self._require_complete(indices.VENDORS)
            return self._suggest(prefix, limit)
        except NOT_ANSWERING as exc:
            return self._fallback(exc, "suggestions").suggest(prefix, limit)

    # -- trade leads (D167) ---------------------------------------------------------------------
    def search_leads(self, query: LeadQuery) -> LeadHits:
        today = query.today or timezone.localdate()
        try:
            return leads.leads_search(self.es, self.prefix, query, today)
        except UNREACHABLE as exc:
            return self._fallback(exc, "a lead search").search_leads(query)

    def index_leads(self, documents: list[LeadDocument]) -> int:
        return leads.leads_write(self.es, self.prefix, documents)

    def delete_leads(self, ids: Iterable[int]) -> None:
        leads.leads_delete(self.es, self.prefix, ids)

    def _search_products(self, query: ProductQuery) -> SearchResults:
        today = timezone.localdate()
        parsed, did_you_mean = self._understand(indices.PRODUCTS, parse(query.q))
        response = execute_whole(self._products_request(query, parsed, today))
        descriptions: dict[int, str] = {}
        if not parsed.empty and response.hits:
            ids = [int(h.id) for h in response.hits]
            descriptions = dict(Product.objects.filter(id__in=ids).values_list("id", "description"))
        hits = [self._product_hit(h, parsed, descriptions) for h in response.hits]
        facets = {}
        if query.with_facets and query.counted is None:  # kept (D245)
            facets = product_facets(response.aggregations.to_dict())
        return AnsweredResults(
            hits=hits,
            total=_total(response),
            facets=facets,
            did_you_mean=did_you_mean,
        )

    def _products_request(self, query: ProductQuery, parsed: ParsedQuery, today: dt.date) -> Search:
        s = Search(using=self.es, index=self.alias(indices.PRODUCTS))
        s = s.extra(track_total_hits=True, from_=query.offset, size=query.page_size)
        s = s.source(["id", "name"])
        for clause in product_filters(query, today):
            s = s.filter(clause)
        if not parsed.empty:
            s = s.query(relevance_query(parsed, today, with_stars=True))
        s = s.sort(*product_sort(query.ordering, not parsed.empty))
        if query.with_facets and query.counted is None:  # kept (D245)
            for name, agg in product_aggs(today).items():
                s.aggs[name] = agg
        return s

    @staticmethod
    def _product_hit(h: Any, parsed: ParsedQuery, descriptions: dict[int, str]) -> Hit:
        """Highlights are drawn on the stored text (search.query.highlight), diacritics kept."""
        marks: dict[str, str] = {}
        if not parsed.empty:
            texts = (("name", h.name, None), ("description", descriptions.get(int(h.id)), 160))
            for field, text, snippet in texts:
                marked = highlight(text or "", parsed, snippet=snippet)
                if marked:
                    marks[field] = marked
        return Hit(id=int(h.id), score=float(h.meta.score or 0.0), highlight=marks)

    def _search_vendors(self, query: VendorQuery) -> SearchResults:
        parsed, did_you_mean = self._understand(indices.VENDORS, parse(query.q))
        response = execute_whole(self._vendors_request(query, parsed))
        hits = []
        for h in response.hits:
            marks: dict[str, str] = {}
            if not parsed.empty:
                marked = highlight(h.name, parsed)
                if marked:
                    marks["name"] = marked
            hits.append(Hit(id=int(h.id), score=float(h.meta.score or 0.0), highlight=marks))
        facets = vendor_facets(response.aggregations.to_dict()) if query.with_facets else {}
        return AnsweredResults(
            hits=hits,
            total=_total(response),
            facets=facets,
            did_you_mean=did_you_mean,
        )

    def _vendors_request(self, query: VendorQuery, parsed: ParsedQuery) -> Search:
        s = Search(using=self.es, index=self.alias(indices.VENDORS))
        s = s.extra(track_total_hits=True, from_=query.offset, size=query.page_size)
        s = s.source(["id", "name"])
        for clause in vendor_filters(query):
            s = s.filter(clause)
        if not parsed.empty:
            s = s.query(relevance_query(parsed, timezone.localdate(), with_stars=False))
        s = s.sort(*vendor_sort(query.ordering, not parsed.empty))
        if query.with_facets:
            s.aggs.bucket("province", "terms", field="province_code", size=100)
            s.aggs.bucket("vendor_type", "terms", field="vendor_type", size=20)
        return s

    def _understand(self, kind: str, parsed: ParsedQuery) -> tuple[ParsedQuery, str | None]:
        """As the database backends do (DatabaseBackend._correct): a complete indexed last word
        is matched whole, not as a prefix; each word the index does not hold is replaced by the
        nearest indexed word (search.query.best_correction over the cluster's candidates).
        One small request answers it all: the term suggester and two counts."""
        if parsed.empty:
            return parsed, None
        last = parsed.terms[-1]
        s = Search(using=self.es, index=self.alias(kind)).extra(size=0, track_total_hits=False)
        s = s.suggest(
            "words",
            parsed.text,
            term={
                "field": "all_folded",
                "suggest_mode": "missing",
                "max_edits": 2,
                "prefix_length": 1,
                "min_word_length": 4,
                "size": 10,
            },
        )
        s.aggs.bucket("known", "filter", filter=Q("term", all_folded=last))
        s.aggs.bucket("typed", "filter", filter=Q("prefix", all_folded=last))
        response = execute_whole(s)
        entries = response.to_dict().get("suggest", {}).get("words", [])
        options = {e["text"]: [o["text"] for o in e.get("options", [])] for e in entries}
        last_known = response.aggregations.known.doc_count > 0
        last_typed = response.aggregations.typed.doc_count > 0
        terms = list(parsed.terms)
        prefix = not last_known
        changed = False
        for i, term in enumerate(parsed.terms):
            candidates = options.get(term)
            if not candidates:
                continue  # an indexed word, or nothing close to it
            if i == len(terms) - 1 and last_typed:
                continue  # a word being typed
            fix = best_correction(term, candidates)
            if fix and fix != term:
                terms[i] = fix
                changed = True
                prefix = prefix and i != len(terms) - 1
        corrected = parsed.with_terms(tuple(terms), prefix=prefix)
        return corrected, corrected.text if changed else None

    def _suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        parsed = parse(prefix)
        if parsed.empty or limit <= 0:
            return []
        today = timezone.localdate()
        found: dict[str, list[tuple[int, str, str]]] = {}
        for kind in indices.KINDS:
            s = Search(using=self.es, index=self.alias(kind)).extra(size=limit)
            s = s.source(["id", "slug", "name"])
            s = s.query(suggest_query(parsed, today, with_stars=kind == indices.PRODUCTS))
            s = s.sort({"_score": {"order": "desc"}}, "name_length", {"id": {"order": "asc"}})
            found[kind] = [(int(h.id), h.slug, h.name) for h in execute_whole(s).hits]
        # As the database backends: storefronts keep a few places when products would fill all.
        return merged(found[indices.PRODUCTS], found[indices.VENDORS], limit)

    # -- writes ----------------------------------------------------------------------------
    def _ensure(self) -> None:
        if not self._ensured:
            indices.ensure_indices(self.es, self.prefix)
            self._ensured = True

    def _write_targets(self, kind: str) -> list[tuple[str, bool]]:
        """(index or alias, required) pairs every update of `kind` goes to: the read alias, and
        the next index while a full reindex builds it (that one may vanish at any moment)."""
        targets = [(self.alias(kind), True)]
        if self.es.indices.exists_alias(name=self.next_alias(kind)):
            targets.append((self.next_alias(kind), False))
        return targets

    def index_products(self, ids: Iterable[int]) -> int:
        return self._index(indices.PRODUCTS, ids)

    def index_vendors(self, ids: Iterable[int]) -> int:
        return self._index(indices.VENDORS, ids)

    def delete_products(self, ids: Iterable[int]) -> None:
        self._delete(indices.PRODUCTS, ids)

    def delete_vendors(self, ids: Iterable[int]) -> None:
        self._delete(indices.VENDORS, ids)

    def _index(self, kind: str, ids: Iterable[int]) -> int:
        id_list = sorted({int(i) for i in ids})
        if not id_list:
            return 0
        self._mirror(kind, id_list)
        try:
            self._ensure()
            version = _version()
            docs = _documents(kind, id_list)
            written = 0
            for target, required in self._write_targets(kind):
                try:
                    written = self.bulk(target, kind, docs, id_list, version=version)
                except WRITE_ERRORS:
                    if required:
                        raise
                    log.info("the rebuild target %s went away during an update", target)
        except UNREACHABLE:
            self._mirror_backlog()
            raise
        return written

    def _delete(self, kind: str, ids: Iterable[int]) -> None:
        id_list = sorted({int(i) for i in ids})
        if not id_list:
            return
        self._mirror_delete(kind, id_list)
        self._ensure()
        version = _version()
        for target, required in self._write_targets(kind):
            try:
                self.bulk(target, kind, [], id_list, version=version)
            except WRITE_ERRORS:
                if required:
                    raise

    def _mirror(self, kind: str, ids: list[int]) -> None:
        if self.fallback == "database":
            fallback.mirror(kind, ids)

    def _mirror_backlog(self) -> None:
        if self.fallback == "database":
            fallback.mirror_backlog()

    def _mirror_delete(self, kind: str, ids: list[int]) -> None:
        if self.fallback == "database":
            fallback.mirror_delete(kind, ids)

    def bulk(
        self,
        target: str,
        kind: str,
        docs: list[Document],
        ids: list[int],
        *,
        version: int,
        refresh: bool | str = False,
    ) -> int:
        """Write the visible documents among `docs` and delete every other id of `ids`.
        Returns the number of documents written; raises IndexingError on refused items."""
        return bulk_write(self.es, target, kind, docs, ids, version=version, refresh=refresh)

    def rebuild(self, progress: Callable[[str, int, int], None] | None = None) -> int:
        if self.fallback == "database":
            database_backend().rebuild()
        return reindex.rebuild(self, progress=progress).products

    def refresh(self) -> None:
        """Make every write visible to searches now (tests and commands)."""
        for kind in (*indices.KINDS, leads.LEADS):
            if self.es.indices.exists_alias(name=self.alias(kind)):
                self.es.indices.refresh(index=self.alias(kind))


def _fields(results: SearchResults) -> dict[str, Any]:
    return {f.name: getattr(results, f.name) for f in dataclasses.fields(SearchResults)}


def _total(response: Any) -> int:
    return int(response.hits.total.value)
