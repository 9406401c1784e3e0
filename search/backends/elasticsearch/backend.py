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
from elasticsearch.dsl.query import Query

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
    product_aggs_body,
    product_facets,
    product_filters,
    product_sort,
    relevance_query,
    suggest_query,
    vendor_facets,
    vendor_filters,
    vendor_sort,
)
from search.backends.elasticsearch.rounds import (
    Answer,
    Body,
    PartialResults,
    likely,
    search_whole,
    understanding_body,
    understood,
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
from search.query import ParsedQuery, highlight, parse

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

    def _understood_search(
        self, kind: str, parsed: ParsedQuery, body: Callable[[ParsedQuery], Body]
    ) -> tuple[ParsedQuery, str | None, Answer]:
        """The search of `parsed` once its words are understood (rounds.understood), in one
        round trip when every word is indexed and the last is matched whole (rounds.likely),
        in two when a word is corrected or being typed (D248). Returns the query that was run,
        the did-you-mean text and the search's answer."""
        index = self.alias(kind)
        if parsed.empty:
            return parsed, None, search_whole(self.es, index, [body(parsed)])[0]
        guess = likely(parsed)
        question, answer = search_whole(self.es, index, [understanding_body(parsed), body(guess)])
        corrected, did_you_mean = understood(parsed, question)
        if corrected != guess:
            answer = search_whole(self.es, index, [body(corrected)])[0]
        return corrected, did_you_mean, answer

    def _search_products(self, query: ProductQuery) -> SearchResults:
        today = timezone.localdate()
        parsed, did_you_mean, response = self._understood_search(
            indices.PRODUCTS, parse(query.q), lambda p: self._products_body(query, p, today)
        )
        found = response["hits"]["hits"]
        descriptions = _descriptions(found, parsed)
        hits = [self._product_hit(h, parsed, descriptions) for h in found]
        facets = {}
        if query.with_facets and query.counted is None:  # kept (D245)
            facets = product_facets(response.get("aggregations", {}))
        return AnsweredResults(
            hits=hits,
            total=_total(response),
            facets=facets,
            did_you_mean=did_you_mean,
        )

    def _products_body(self, query: ProductQuery, parsed: ParsedQuery, today: dt.date) -> Body:
        """The search as a plain dict (what elasticsearch.dsl's Search would send, D248)."""
        text = None if parsed.empty else relevance_query(parsed, today, with_stars=True)
        body: Body = {
            "sort": product_sort(query.ordering, not parsed.empty),
            # A kept count (D245): the caller holds the total, the page alone is ranked.
            "track_total_hits": query.counted is None,
            "size": query.page_size,
            "from": query.offset,
            # The description is read for its highlight only (D248).
            "_source": ["id", "name"] if parsed.empty else ["id", "name", "description"],
        }
        filtered = _filtered(product_filters(query, today), text)
        if filtered is not None:
            body["query"] = filtered
        if query.with_facets and query.counted is None:  # kept (D245)
            body["aggs"] = product_aggs_body(today)
        return body

    @staticmethod
    def _product_hit(h: Answer, parsed: ParsedQuery, descriptions: dict[int, str]) -> Hit:
        """Highlights are drawn on the stored text (search.query.highlight), diacritics kept."""
        source = h["_source"]
        pk = int(source["id"])
        marks: dict[str, str] = {}
        if not parsed.empty:
            texts = (("name", source["name"], None), ("description", descriptions.get(pk), 160))
            for field, text, snippet in texts:
                marked = highlight(text or "", parsed, snippet=snippet)
                if marked:
                    marks[field] = marked
        return Hit(id=pk, score=float(h.get("_score") or 0.0), highlight=marks)

    def _search_vendors(self, query: VendorQuery) -> SearchResults:
        parsed, did_you_mean, response = self._understood_search(
            indices.VENDORS, parse(query.q), lambda p: self._vendors_body(query, p)
        )
        hits = []
        for h in response["hits"]["hits"]:
            source = h["_source"]
            marks: dict[str, str] = {}
            if not parsed.empty:
                marked = highlight(source["name"], parsed)
                if marked:
                    marks["name"] = marked
            score = float(h.get("_score") or 0.0)
            hits.append(Hit(id=int(source["id"]), score=score, highlight=marks))
        aggs = response.get("aggregations", {})
        facets = vendor_facets(aggs) if query.with_facets else {}
        return AnsweredResults(
            hits=hits,
            total=_total(response),
            facets=facets,
            did_you_mean=did_you_mean,
        )

    def _vendors_body(self, query: VendorQuery, parsed: ParsedQuery) -> Body:
        text = None
        if not parsed.empty:
            text = relevance_query(parsed, timezone.localdate(), with_stars=False)
        body: Body = {
            "sort": vendor_sort(query.ordering, not parsed.empty),
            "track_total_hits": True,
            "size": query.page_size,
            "from": query.offset,
            "_source": ["id", "name"],
        }
        filtered = _filtered(vendor_filters(query), text)
        if filtered is not None:
            body["query"] = filtered
        if query.with_facets:
            body["aggs"] = {
                "province": {"terms": {"field": "province_code", "size": 100}},
                "vendor_type": {"terms": {"field": "vendor_type", "size": 20}},
            }
        return body

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


def _total(response: Answer) -> int:
    """The hits counted; 0 when the search did not count them (a kept count, D245)."""
    total = response["hits"].get("total")
    return int(total["value"]) if total else 0


def _filtered(filters: list[Query], text: Query | None) -> Body | None:
    """The filters and the relevance query combined as Search.filter() and Search.query()
    combine them (a bool of the filters, the text query added to it)."""
    combined: Query | None = Q("bool", filter=filters) if filters else None
    if text is not None:
        combined = text if combined is None else combined & text
    return None if combined is None else combined.to_dict()


def _descriptions(hits: list[Answer], parsed: ParsedQuery) -> dict[int, str]:
    """The descriptions the highlights are drawn on, from the documents (D248). A document
    written before the index stored descriptions (mapping version 1, until `search_reindex`
    rewrites it) has none: those few are read from the database, as before."""
    if parsed.empty:
        return {}
    found: dict[int, str] = {}
    missing: list[int] = []
    for h in hits:
        source = h["_source"]
        if "description" in source:
            found[int(source["id"])] = source["description"]
        else:
            missing.append(int(source["id"]))
    if missing:
        found.update(Product.objects.filter(id__in=missing).values_list("id", "description"))
    return found
