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
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from search.backends.database import (
    FACET_LIMIT,
    SUGGEST_VENDORS,
    TIER_BODY_PHRASE,
    TIER_EXACT,
    TIER_NAME_ALL,
    TIER_NAME_PHRASE,
    DatabaseBackend,
    _band_labels,
    _buckets,
)
from search.backends.elasticsearch import indices
from search.backends.elasticsearch.documents import product_source, vendor_source
from search.base import (
    PRICE_BANDS,
    PRICE_ON_REQUEST_BAND,
    FacetBucket,
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
    Suggestion,
    VendorQuery,
)
from search.documents import Document, product_documents, vendor_documents
from search.query import ParsedQuery, best_correction, highlight, parse

log = logging.getLogger(__name__)

# Transport errors: refused, timed out, DNS. ApiError: the cluster answered with an error
# (index missing, red cluster, 5xx).
UNREACHABLE: tuple[type[Exception], ...] = (TransportError, ApiError)
BULK_CHUNK = 500
# The relevance rules (search.backends.database TIER_*: 8, 4, 2, 1) are scored times STAR_ROOM so
# 1 + the star levels held today (1 to 4) fit underneath the smallest rule.
STAR_ROOM = 4


@dataclasses.dataclass(frozen=True)
class AnsweredResults(SearchResults):
    """SearchResults saying which backend answered (the database one during an outage)."""

    backend: str = "elasticsearch"


class IndexingError(Exception):
    """Elasticsearch refused some documents (the first reasons are in the message)."""


WRITE_ERRORS: tuple[type[Exception], ...] = (IndexingError, TransportError, ApiError)


class IncompleteIndex(Exception):
    """The index was created on a first write and never rebuilt: it would answer with only
    what changed since. Searches treat it as unavailable until `search_reindex` fills it."""


NOT_ANSWERING: tuple[type[Exception], ...] = (TransportError, ApiError, IncompleteIndex)
# (url, alias) → (checked at, complete): an index becomes complete only through a rebuild, so a
# short-lived per-process memo spares searches a request each.
_COMPLETE: dict[tuple[str, str], tuple[float, bool]] = {}
COMPLETE_TTL = 30.0


def _version() -> int:
    # Microseconds since the epoch, read before the documents are built from the database.
    return time.time_ns() // 1000


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
        key = (self.url, self.alias(kind))
        now = time.monotonic()
        checked = _COMPLETE.get(key)
        if checked is None or now - checked[0] > COMPLETE_TTL or not checked[1]:
            checked = (now, indices.is_complete(self.es, self.alias(kind)))
            _COMPLETE[key] = checked
        if not checked[1]:
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
        from search import database_backend

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

    def _search_products(self, query: ProductQuery) -> SearchResults:
        today = timezone.localdate()
        parsed, did_you_mean = self._understand(indices.PRODUCTS, parse(query.q))
        response = self._products_request(query, parsed, today).execute()
        descriptions: dict[int, str] = {}
        if not parsed.empty and response.hits:
            from catalog.models import Product

            ids = [int(h.id) for h in response.hits]
            descriptions = dict(Product.objects.filter(id__in=ids).values_list("id", "description"))
        hits = [self._product_hit(h, parsed, descriptions) for h in response.hits]
        facets = {}
        if query.with_facets:
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
        if query.with_facets:
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
        response = self._vendors_request(query, parsed).execute()
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
        response = s.execute()
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
            found[kind] = [(int(h.id), h.slug, h.name) for h in s.execute().hits]
        products, vendors = found[indices.PRODUCTS], found[indices.VENDORS]
        # As the database backends: storefronts keep a few places when products would fill all.
        n_vendors = min(len(vendors), max(SUGGEST_VENDORS, limit - len(products)))
        n_products = min(len(products), limit - n_vendors)
        return [
            Suggestion(kind="product", id=i, slug=s, label=n) for i, s, n in products[:n_products]
        ] + [Suggestion(kind="vendor", id=i, slug=s, label=n) for i, s, n in vendors[:n_vendors]]

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
        """Keep the database index current too: it answers while the cluster is down."""
        if self.fallback != "database":
            return
        from search import database_backend

        db = database_backend()
        if kind == indices.PRODUCTS:
            db.index_products(ids)
        else:
            db.index_vendors(ids)

    def _mirror_backlog(self, limit: int = 2000) -> None:
        """The cluster is down: the indexing task stops at its first, oldest batch, so bring the
        database index (what answers meanwhile) up to date with the rest of the queue, at most
        `limit` rows of each kind per attempt. Rows whose entry is newer than their queue time
        are done already; a row with nothing to show and nothing to remove is skipped."""
        if self.fallback != "database":
            return
        from django.db.models import Exists, OuterRef

        from catalog.models import Product
        from catalog.selectors import product_public_filter
        from marketplace.models import Vendor, VendorStatus
        from search import database_backend
        from search.models import IndexKind, IndexQueue, ProductEntry, VendorEntry

        db = database_backend()
        kinds: list[tuple[str, Any, str, Any]] = [
            (
                IndexKind.PRODUCT,
                ProductEntry,
                "product_id",
                Product.objects.filter(product_public_filter()),
            ),
            (
                IndexKind.VENDOR,
                VendorEntry,
                "vendor_id",
                Vendor.objects.filter(status=VendorStatus.APPROVED),
            ),
        ]
        try:
            for queue_kind, entry, key, public in kinds:
                entries = entry.objects.filter(**{key: OuterRef("object_id")})
                fresh = entries.filter(indexed_at__gte=OuterRef("queued_at"))
                ids = list(
                    IndexQueue.objects.filter(kind=queue_kind)
                    .filter(~Exists(fresh))
                    .filter(Exists(public.filter(pk=OuterRef("object_id"))) | Exists(entries))
                    .order_by("queued_at")
                    .values_list("object_id", flat=True)[:limit]
                )
                if ids and queue_kind == IndexKind.PRODUCT:
                    db.index_products(ids)
                elif ids:
                    db.index_vendors(ids)
        except Exception:  # the original failure matters more; this is best effort
            log.warning("could not bring the database fallback index up to date", exc_info=True)

    def _mirror_delete(self, kind: str, ids: list[int]) -> None:
        if self.fallback != "database":
            return
        from search import database_backend

        db = database_backend()
        if kind == indices.PRODUCTS:
            db.delete_products(ids)
        else:
            db.delete_vendors(ids)

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
        from search.backends.elasticsearch.reindex import rebuild

        if self.fallback == "database":
            from search import database_backend

            database_backend().rebuild()
        return rebuild(self, progress=progress).products

    def refresh(self) -> None:
        """Make every write visible to searches now (tests and commands)."""
        for kind in indices.KINDS:
            if self.es.indices.exists_alias(name=self.alias(kind)):
                self.es.indices.refresh(index=self.alias(kind))


# -- building blocks shared by the backend, the reindex and the benchmarks -------------------


def _documents(kind: str, ids: list[int]) -> list[Document]:
    if kind == indices.PRODUCTS:
        return product_documents(ids)
    return vendor_documents(ids)


def bulk_actions(
    target: str, kind: str, docs: list[Document], ids: list[int], *, version: int
) -> Iterator[dict[str, Any]]:
    to_source = product_source if kind == indices.PRODUCTS else vendor_source
    present = set()
    for doc in docs:
        present.add(doc["id"])
        if not doc["visible"]:
            continue
        yield {
            "_op_type": "index",
            "_index": target,
            "_id": str(doc["id"]),
            "version": version,
            "version_type": "external_gte",
            "_source": to_source(doc),
        }
    visible = {d["id"] for d in docs if d["visible"]}
    for i in ids:
        if i not in visible:
            yield {
                "_op_type": "delete",
                "_index": target,
                "_id": str(i),
                "version": version,
                "version_type": "external_gte",
            }


def bulk_write(
    es: Elasticsearch,
    target: str,
    kind: str,
    docs: list[Document],
    ids: list[int],
    *,
    version: int,
    refresh: bool | str = False,
    require_alias: bool = True,
) -> int:
    """Write the visible documents among `docs` to `target`, delete every other id of `ids`.
    Returns the number of documents written; raises IndexingError on refused items."""
    actions = bulk_actions(target, kind, docs, ids, version=version)
    return bulk_write_actions(es, actions, refresh=refresh, require_alias=require_alias)


def bulk_write_actions(
    es: Elasticsearch,
    actions: Iterable[dict[str, Any]],
    *,
    refresh: bool | str = False,
    require_alias: bool = True,
) -> int:
    written = 0
    errors: list[str] = []
    for ok, item in helpers.streaming_bulk(
        es.options(request_timeout=max(float(settings.ELASTICSEARCH_TIMEOUT), 30.0)),
        actions,
        chunk_size=BULK_CHUNK,
        raise_on_error=False,
        raise_on_exception=True,
        max_retries=3,
        initial_backoff=1,
        refresh=refresh,
        # Never let a write to a missing alias auto-create an index with a guessed mapping.
        require_alias=require_alias,
    ):
        op, info = next(iter(item.items()))
        status = info.get("status", 0)
        if ok:
            written += op == "index"
        elif status == 409:
            continue  # a newer version is already there
        elif op == "delete" and status == 404:
            continue  # nothing to delete
        else:
            errors.append(f"{op} {info.get('_id')}: {info.get('error', status)}")
    if errors:
        raise IndexingError(f"{len(errors)} documents refused, e.g. {'; '.join(errors[:3])}")
    return written


def _fields(results: SearchResults) -> dict[str, Any]:
    return {f.name: getattr(results, f.name) for f in dataclasses.fields(SearchResults)}


def _total(response: Any) -> int:
    return int(response.hits.total.value)


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
    }


def _counts(aggs: dict[str, Any], name: str) -> dict[Any, int]:
    buckets = aggs.get(name, {}).get("buckets", [])
    if isinstance(buckets, dict):  # a filters aggregation
        return {k: int(v["doc_count"]) for k, v in buckets.items() if v["doc_count"]}
    return {b["key"]: int(b["doc_count"]) for b in buckets if b["doc_count"]}


def product_facets(aggs: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    """Buckets labelled and shaped exactly as the database backends shape theirs."""
    from marketplace.models import Commune, Province, VendorKind

    provinces = _counts(aggs, "province")
    pnames = dict(Province.objects.filter(code__in=list(provinces)).values_list("code", "name"))
    communes = _counts(aggs, "commune")
    cnames = dict(Commune.objects.filter(code__in=list(communes)).values_list("code", "name"))
    stars = _counts(aggs, "ocop_stars")
    kinds = dict(VendorKind.choices)
    bands = _counts(aggs, "price")
    labels = _band_labels()
    order = [k for k, _, _ in PRICE_BANDS] + [PRICE_ON_REQUEST_BAND]
    return {
        "category": DatabaseBackend._category_tree(_counts(aggs, "category")),
        "province": _buckets((str(p), pnames.get(p, str(p)), n) for p, n in provinces.items()),
        "commune": _buckets((str(c), cnames.get(c, str(c)), n) for c, n in communes.items()),
        "ocop_stars": [
            FacetBucket(key=k, label=f"{k}★", count=stars[k]) for k in ("5", "4", "3") if k in stars
        ],
        "vendor_type": _buckets(
            (k, str(kinds.get(k, k)), n) for k, n in _counts(aggs, "vendor_type").items()
        ),
        "price": [
            FacetBucket(key=k, label=labels[k], count=bands[k]) for k in order if bands.get(k)
        ],
        "fair": _buckets((s, s, n) for s, n in _counts(aggs, "fair").items()),
    }


def vendor_facets(aggs: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    from marketplace.models import Province, VendorKind

    provinces = _counts(aggs, "province")
    pnames = dict(Province.objects.filter(code__in=list(provinces)).values_list("code", "name"))
    kinds = dict(VendorKind.choices)
    return {
        "province": _buckets((str(p), pnames.get(p, str(p)), n) for p, n in provinces.items()),
        "vendor_type": _buckets(
            (k, str(kinds.get(k, k)), n) for k, n in _counts(aggs, "vendor_type").items()
        ),
    }
