"""Elasticsearch indices of the exchange: names, mappings, aliases and the client.

Each kind (products, storefronts) lives in a concrete index named
`<prefix>-<kind>-<UTC timestamp>` that nobody addresses directly:

- `<prefix>-<kind>` is the read alias every query and every incremental update goes through;
- `<prefix>-<kind>-next` exists only while a full reindex builds the next index: incremental
  updates are written to it as well, so nothing that changes during the rebuild is missed.

The mapping uses only what every Elasticsearch 8.x/9.x node has in its core: the `standard`
analyser (no analysis-common module, no plugins, no scripts). Folding, including đ → d, has been
done in Python (core.text.fold) before a document or a query reaches the cluster. When a cluster
happens to have the ICU plugin, an extra sub-field uses it; nothing depends on it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from functools import cache
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import Boolean, Date, Float, Integer, Keyword, Long, Mapping, Text

log = logging.getLogger(__name__)

PRODUCTS = "products"
VENDORS = "vendors"
KINDS = (PRODUCTS, VENDORS)
# The mapping version is stored in each index's _meta (what built the index). A field that changes
# what is searched needs a full reindex; a field only stored may be added in place (ADDED).
# 2: products store their description as written, for highlights (D248).
MAPPING_VERSION = 2
STAR_LEVELS = (3, 4, 5)
# Prefixes of up to 10 characters are indexed with the folded words: search-as-you-type is a
# term lookup, not a scan of the term dictionary.
_PREFIXES = {"min_chars": 1, "max_chars": 10}


def node_urls(url: str) -> list[str]:
    """ELASTICSEARCH_URL's nodes: one URL, or several separated by commas (a cluster)."""
    return [part.strip() for part in url.split(",") if part.strip()]


@cache
def _client(url: str, timeout: float) -> Elasticsearch:
    # A node that refuses the connection is skipped for the next one (a cluster's node may be
    # down: D192), but one request never tries a node twice and never retries a timeout: an
    # unreachable cluster must fail fast so the caller can fall back (reads) or leave the
    # update queued (writes).
    nodes = node_urls(url)
    return Elasticsearch(
        nodes, request_timeout=timeout, max_retries=len(nodes) - 1, retry_on_timeout=False
    )


def client(url: str | None = None) -> Elasticsearch:
    """One pooled client per address list and process (thread-safe)."""
    return _client(url or settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT))


def alias_name(kind: str, prefix: str | None = None) -> str:
    return f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"


def next_alias_name(kind: str, prefix: str | None = None) -> str:
    return f"{alias_name(kind, prefix)}-next"


def new_index_name(kind: str, prefix: str | None = None) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name(kind, prefix)}-{stamp}"


def has_icu(es: Elasticsearch) -> bool:
    """True when every node has the analysis-icu plugin (then the optional sub-fields exist)."""
    info = es.nodes.info(metric="plugins")
    nodes = info.get("nodes", {}).values()
    return bool(nodes) and all(
        any(p.get("name") == "analysis-icu" for p in node.get("plugins", [])) for node in nodes
    )


def _folded(*, prefixes: bool = False, copy_to: str | None = "all_folded") -> Text:
    options: dict[str, Any] = {"analyzer": "standard"}
    if prefixes:
        options["index_prefixes"] = _PREFIXES
    if copy_to:
        options["copy_to"] = copy_to
    return Text(**options)


def _exact(icu: bool) -> Text:
    # Lower case with diacritics kept (NFC, from Python): the exact-spelling tier.
    if icu:
        return Text(analyzer="standard", fields={"icu": Text(analyzer="vi_icu")})
    return Text(analyzer="standard")


def product_mapping(*, icu: bool = False) -> Mapping:
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("id", Long())
    m.field("slug", Keyword())
    m.field("name", Keyword(index=False))  # sorts by name, as the database does
    m.field("name_lower", _exact(icu))
    m.field("name_folded", _folded(prefixes=True))
    m.field("name_head", Keyword())  # the folded name whole: "starts with" for suggestions
    m.field("name_length", Integer())
    # Description, storefront, category and places, folded (search.backends.database builds
    # the same text for the database index).
    m.field("body_folded", _folded())
    # The description as written: only stored, read back for its highlight (D248).
    m.field("description", Keyword(index=False, doc_values=False))
    # Every searchable word of the product: what "all words must match" is checked against.
    m.field("all_folded", _folded(prefixes=True, copy_to=None))
    m.field("vendor_id", Long())
    m.field("vendor_slug", Keyword())
    m.field("vendor_type", Keyword())
    m.field("category_id", Long())
    m.field("category_slugs", Keyword())
    m.field("province_code", Integer())
    m.field("commune_code", Integer())
    # ocop_from_N: the day stars of N or more stop counting (a verified certificate's expiry).
    # Stars are decided at query time from these dates, so an index that was not touched on the
    # day a certificate expired still shows no stars from it.
    for stars in STAR_LEVELS:
        m.field(f"ocop_from_{stars}", Date(format="strict_date"))
    m.field("ocop_valid_until", Keyword(index=False, doc_values=False))
    m.field("price", Long())
    m.field("price_on_request", Boolean())
    m.field("price_band", Keyword())
    m.field("published_at", Date())
    m.field("rating", Float())
    m.field("fairs", Keyword())
    m.field("fingerprint", Keyword(index=False))
    return m


def vendor_mapping(*, icu: bool = False) -> Mapping:
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("id", Long())
    m.field("slug", Keyword())
    m.field("name", Keyword(index=False))
    m.field("name_lower", _exact(icu))
    m.field("name_folded", _folded(prefixes=True))
    m.field("name_head", Keyword())
    m.field("name_length", Integer())
    m.field("body_folded", _folded())  # legal name, description, places
    m.field("all_folded", _folded(prefixes=True, copy_to=None))
    m.field("vendor_type", Keyword())
    m.field("province_code", Integer())
    m.field("commune_code", Integer())
    m.field("approved_at", Date())
    m.field("product_count", Integer())
    m.field("fingerprint", Keyword(index=False))
    return m


def index_body(kind: str, *, icu: bool = False, loading: bool = False) -> dict[str, Any]:
    """Settings and mappings of a new index. `loading`: tuned for a bulk load (no refresh, no
    replicas); `index_settings_after_load()` restores the serving values."""
    mapping = product_mapping(icu=icu) if kind == PRODUCTS else vendor_mapping(icu=icu)
    body = mapping.to_dict()
    # complete: filled from the whole catalogue (a rebuild). An index created on a first write
    # holds only what changed since, and searches do not trust it (ElasticsearchBackend).
    body["_meta"] = {
        "kind": kind,
        "mapping_version": MAPPING_VERSION,
        "icu": icu,
        "complete": loading,
    }
    index_settings: dict[str, Any] = {
        "number_of_shards": int(settings.ELASTICSEARCH_SHARDS),
        "number_of_replicas": 0 if loading else int(settings.ELASTICSEARCH_REPLICAS),
        "refresh_interval": "-1" if loading else "1s",
        # While loading, the translog is fsynced in the background, not on every bulk request
        # (a crash mid-load only loses an index that was never served).
        "translog": {"durability": "async" if loading else "request"},
        # Room for the deep pages the API allows, and for search_check's sweeps.
        "max_result_window": 10_000,
    }
    if icu:
        index_settings["analysis"] = {
            "analyzer": {
                "vi_icu": {
                    "type": "custom",
                    "tokenizer": "icu_tokenizer",
                    "filter": ["icu_folding"],
                }
            }
        }
    return {"settings": index_settings, "mappings": body}


def index_settings_after_load() -> dict[str, Any]:
    return {
        "index": {
            "number_of_replicas": int(settings.ELASTICSEARCH_REPLICAS),
            "refresh_interval": "1s",
            "translog.durability": "request",
        }
    }


def create_index(
    es: Elasticsearch, kind: str, *, prefix: str | None = None, loading: bool = False
) -> str:
    """A new, empty concrete index for `kind`; returns its name (no alias points to it yet).
    `loading`: for a full rebuild (tuned for the load, marked complete)."""
    name = new_index_name(kind, prefix)
    body = index_body(kind, icu=has_icu(es), loading=loading)
    es.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
    return name


def concrete_indices(es: Elasticsearch, alias: str) -> list[str]:
    """The indices an alias points to (none when it does not exist)."""
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias).body.keys())


# Fields added since mapping version 1 that are only stored (never searched): put into an index
# built before them, in place, so that the documents written from now on (which carry them; the
# mapping is strict) are accepted. Documents written before keep lacking them until rewritten.
ADDED: dict[str, dict[str, Any]] = {
    PRODUCTS: {"description": {"type": "keyword", "index": False, "doc_values": False}},
    VENDORS: {},
}


def add_fields(es: Elasticsearch, alias: str, kind: str) -> None:
    """Give the indices behind `alias` the ADDED fields (a no-op once they have them)."""
    if ADDED[kind]:
        es.indices.put_mapping(index=alias, properties=ADDED[kind])


def ensure_indices(es: Elasticsearch, prefix: str | None = None) -> None:
    """Create an empty index behind each read alias that is missing (first start); an index
    from an older mapping gets the fields added since (ADDED)."""
    for kind in KINDS:
        alias = alias_name(kind, prefix)
        if es.indices.exists_alias(name=alias):
            add_fields(es, alias, kind)
            if es.indices.exists_alias(name=next_alias_name(kind, prefix)):
                add_fields(es, next_alias_name(kind, prefix), kind)
            continue
        name = create_index(es, kind, prefix=prefix)
        es.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
        log.warning(
            "created the empty Elasticsearch index %s: it holds only what is indexed from now "
            "on; run `manage.py search_reindex` to fill it",
            name,
        )


def is_complete(es: Elasticsearch, alias: str) -> bool:
    """False when the index behind `alias` was created empty on a first write and never
    rebuilt (indices from before this flag existed count as complete)."""
    mappings = es.indices.get_mapping(index=alias).body
    return all(m["mappings"].get("_meta", {}).get("complete", True) for m in mappings.values())


# (url, alias) → (checked at, complete): an index becomes complete only through a rebuild, so a
# short-lived per-process memo spares searches a request each.
_COMPLETE: dict[tuple[str, str], tuple[float, bool]] = {}
COMPLETE_TTL = 30.0


def is_complete_memo(es: Elasticsearch, url: str, alias: str) -> bool:
    """is_complete, remembered for COMPLETE_TTL seconds once true (per cluster url)."""
    key = (url, alias)
    now = time.monotonic()
    checked = _COMPLETE.get(key)
    if checked is None or now - checked[0] > COMPLETE_TTL or not checked[1]:
        checked = (now, is_complete(es, alias))
        _COMPLETE[key] = checked
    return checked[1]


def forget_complete(url: str, alias: str) -> None:
    """Check `alias` again on its next search (its index was just replaced)."""
    _COMPLETE.pop((url, alias), None)


def mark_complete(es: Elasticsearch, prefix: str | None = None) -> None:
    """Declare the indices of `prefix` complete (tests that index their whole catalogue)."""
    for kind in KINDS:
        alias = alias_name(kind, prefix)
        for name in concrete_indices(es, alias):
            meta = es.indices.get_mapping(index=name).body[name]["mappings"].get("_meta", {})
            es.indices.put_mapping(index=name, meta={**meta, "complete": True})


def drop_all(es: Elasticsearch, prefix: str | None = None) -> None:
    """Delete every index of this prefix (tests and benchmarks; never called by the app)."""
    pattern = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-*"
    names = list(es.indices.get(index=pattern, expand_wildcards="all").body.keys())
    if names:
        es.indices.delete(index=",".join(names), ignore_unavailable=True)
