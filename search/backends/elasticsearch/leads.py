"""Trade leads on Elasticsearch (D167): one small index behind the alias `<prefix>-leads`.

The leads app pushes documents (search.leads.LeadDocument) when a lead is published, edited,
closed, and every 15 minutes in full (few leads are public at a time), so there is no queue
table and no rebuild through aliases: the index is created behind its alias on the first write.
Text is folded in Python before it reaches the cluster, as for products (D11); the `standard`
analyser only splits it into the same words `search.query.folded_words` gives, and each word
of the query must start one of them (a `prefix` query, served by `index_prefixes`).
Expiry is decided at query time from `expires_on`, so an index not touched at midnight still
stops matching a lead on its expiry day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Date, Integer, Keyword, Long, Mapping, Text

from search.backends.elasticsearch import indices
from search.leads import LeadDocument, LeadHits, LeadQuery

LEADS = "leads"


def lead_mapping() -> Mapping:
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("id", Long())
    m.field("kind", Keyword())
    m.field("text", Text(analyzer="standard", index_prefixes={"min_chars": 1, "max_chars": 10}))
    m.field("category_path", Keyword())
    m.field("province_code", Integer())
    m.field("expires_on", Date(format="strict_date"))
    m.field("published_at", Date())
    return m


def ensure_index(es: Elasticsearch, prefix: str) -> str:
    """The read/write alias of the leads index, created with its index when missing."""
    alias = indices.alias_name(LEADS, prefix)
    if not es.indices.exists_alias(name=alias):
        name = indices.new_index_name(LEADS, prefix)
        body = lead_mapping().to_dict()
        body["_meta"] = {"kind": LEADS, "mapping_version": indices.MAPPING_VERSION}
        es.indices.create(index=name, mappings=body, settings={"number_of_shards": 1})
        es.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    return alias


def leads_write(es: Elasticsearch, prefix: str, documents: list[LeadDocument]) -> int:
    """Index these documents; a later write of the same lead wins (external versions)."""
    if not documents:
        return 0
    alias = ensure_index(es, prefix)
    version = time.time_ns() // 1000
    actions = (
        {
            "_op_type": "index",
            "_index": alias,
            "_id": str(doc["id"]),
            "version": version,
            "version_type": "external_gte",
            "_source": dict(doc),
        }
        for doc in documents
    )
    written, _errors = helpers.bulk(es, actions, raise_on_error=True)
    return int(written)


def leads_delete(es: Elasticsearch, prefix: str, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    if not ids:
        return
    alias = ensure_index(es, prefix)
    version = time.time_ns() // 1000
    actions = (
        {
            "_op_type": "delete",
            "_index": alias,
            "_id": str(i),
            "version": version,
            "version_type": "external_gte",
        }
        for i in ids
    )
    # A lead that was never indexed is not an error.
    helpers.bulk(es, actions, raise_on_error=False, raise_on_exception=True)


def leads_search(es: Elasticsearch, prefix: str, query: LeadQuery, today: dt.date) -> LeadHits:
    words = query.words
    if not words:
        return LeadHits(ids=[], total=0)
    filters: list[dict[str, Any]] = [
        {"range": {"expires_on": {"gt": today.isoformat()}}},
    ]
    if query.kind:
        filters.append({"term": {"kind": query.kind}})
    if query.category_path:
        filters.append({"prefix": {"category_path": query.category_path}})
    if query.province is not None:
        filters.append({"term": {"province_code": query.province}})
    must = [{"prefix": {"text": word}} for word in words]
    response = es.search(
        index=ensure_index(es, prefix),
        query={"bool": {"must": must, "filter": filters}},
        sort=[{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
        size=query.limit,
        source=False,
        track_total_hits=True,
    )
    hits = response["hits"]
    return LeadHits(ids=[int(h["_id"]) for h in hits["hits"]], total=hits["total"]["value"])
