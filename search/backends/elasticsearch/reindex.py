"""Full reindex with no downtime, and the database-versus-index comparison.

Rebuild: a new timestamped index per kind, tuned for loading (no refresh, no replicas), reachable
through the `-next` alias so incremental updates land in it too while it fills; every visible row
is streamed from the database in id order and bulk-written; what was queued since the rebuild
began is replayed; serving settings are restored; then ONE update_aliases call moves both read
aliases and drops the `-next` ones, and the old indices are deleted. Searches read the old index
until that call and the new one after it. If anything fails, the new indices are deleted and the
old ones keep serving.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from elasticsearch import Elasticsearch

from catalog.models import Product
from catalog.selectors import product_public_filter
from marketplace.models import Vendor, VendorStatus
from search.backends.compare import Differences, merge_compare
from search.backends.elasticsearch import indices
from search.backends.elasticsearch.bulk import (
    _version,
    bulk_actions,
    bulk_write,
    bulk_write_actions,
)
from search.backends.elasticsearch.documents import fingerprint, valid_stars
from search.documents import (
    DEFAULT_CHUNK,
    iter_product_id_chunks,
    iter_vendor_id_chunks,
    product_documents,
    vendor_documents,
)
from search.models import IndexKind, IndexQueue

if TYPE_CHECKING:
    from search.backends.elasticsearch.backend import ElasticsearchBackend

Progress = Callable[[str, int, int], None]
# Threads sending bulk requests during a full load while the main thread builds documents.
LOAD_THREADS = 2
BULK_TIMEOUT = 120


@dataclass
class RebuildReport:
    products: int = 0
    vendors: int = 0
    replayed: int = 0
    indices: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _visible_count(kind: str) -> int:
    if kind == indices.PRODUCTS:
        return Product.objects.filter(product_public_filter()).count()
    return Vendor.objects.filter(status=VendorStatus.APPROVED).count()


def _chunks(kind: str, chunk_size: int) -> Iterator[list[int]]:
    if kind == indices.PRODUCTS:
        return iter_product_id_chunks(chunk_size)
    return iter_vendor_id_chunks(chunk_size)


def _docs(kind: str, ids: list[int]) -> list[dict[str, Any]]:
    return product_documents(ids) if kind == indices.PRODUCTS else vendor_documents(ids)


def _point_next_alias(es: Elasticsearch, alias: str, index: str) -> None:
    """The `-next` alias on `index` only (a crashed rebuild may have left it elsewhere)."""
    actions: list[dict[str, Any]] = [
        {"remove": {"index": old, "alias": alias}} for old in indices.concrete_indices(es, alias)
    ]
    actions.append({"add": {"index": index, "alias": alias}})
    es.indices.update_aliases(actions=actions)


def _queued_since(kind: str, since: dt.datetime) -> list[int]:
    queue_kind = IndexKind.PRODUCT if kind == indices.PRODUCTS else IndexKind.VENDOR
    return list(
        IndexQueue.objects.filter(kind=queue_kind, queued_at__gte=since)
        .order_by("object_id")
        .values_list("object_id", flat=True)
    )


def rebuild(
    backend: ElasticsearchBackend,
    *,
    progress: Progress | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    after_load: Callable[[], None] | None = None,
) -> RebuildReport:
    """Rebuild both indices from the database and swap them in atomically.

    `after_load` runs once the documents are loaded and before the replay (tests use it to
    change rows "during" the rebuild)."""
    # A full load keeps the cluster busy: allow its requests far longer than a search gets.
    es = backend.es.options(request_timeout=BULK_TIMEOUT)
    started_clock = time.monotonic()
    # A little before now: a change committed while this starts is replayed, never missed.
    started = timezone.now() - dt.timedelta(seconds=1)
    report = RebuildReport()
    try:
        for kind in indices.KINDS:
            name = indices.create_index(es, kind, prefix=backend.prefix, loading=True)
            report.indices[kind] = name
            _point_next_alias(es, backend.next_alias(kind), name)
        for kind in (indices.VENDORS, indices.PRODUCTS):
            done = load(es, report.indices[kind], kind, chunk_size=chunk_size, progress=progress)
            setattr(report, kind, done)
        if after_load:
            after_load()
        # Updates since the start were written to the -next alias as they happened; what is
        # still queued (a task not run yet) is written now, so the swap shows it at once.
        for kind in indices.KINDS:
            ids = _queued_since(kind, started)
            for start in range(0, len(ids), chunk_size):
                chunk = ids[start : start + chunk_size]
                version = _version()
                bulk_write(
                    es,
                    report.indices[kind],
                    kind,
                    _docs(kind, chunk),
                    chunk,
                    version=version,
                    require_alias=False,
                )
            report.replayed += len(ids)
        for name in report.indices.values():
            es.indices.put_settings(index=name, settings=indices.index_settings_after_load())
            es.indices.refresh(index=name)
        es.cluster.health(index=",".join(report.indices.values()), wait_for_status="yellow")
        actions: list[dict[str, Any]] = []
        for kind, name in report.indices.items():
            alias = backend.alias(kind)
            for old in indices.concrete_indices(es, alias):
                actions.append({"remove": {"index": old, "alias": alias}})
                report.dropped.append(old)
            actions.append({"add": {"index": name, "alias": alias}})
            actions.append({"remove": {"index": name, "alias": backend.next_alias(kind)}})
        es.indices.update_aliases(actions=actions)
        for kind in report.indices:
            indices.forget_complete(backend.url, backend.alias(kind))
    except BaseException:
        # Never served: drop the half-built indices (their -next aliases go with them).
        for name in report.indices.values():
            es.indices.delete(index=name, ignore_unavailable=True)
        raise
    for old in report.dropped:
        es.indices.delete(index=old, ignore_unavailable=True)
    report.seconds = time.monotonic() - started_clock
    return report


def load(
    es: Elasticsearch,
    index: str,
    kind: str,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
    threads: int = LOAD_THREADS,
) -> int:
    """Stream every visible row of `kind` into `index`; returns the documents written.

    This thread reads the database and builds the documents (database connections stay in
    the thread that owns them); `threads` others only send the bulk requests, so building the
    next chunk overlaps Elasticsearch indexing the previous ones."""
    total = _visible_count(kind)
    done = 0
    if progress:
        progress(kind, 0, total)
    pending: list[Future[int]] = []

    def settle(wait_for: int) -> None:
        nonlocal done
        while len(pending) > wait_for:
            done += pending.pop(0).result()  # raises IndexingError / transport errors
            if progress:
                progress(kind, done, max(total, done))

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="es-load") as pool:
        for ids in _chunks(kind, chunk_size):
            version = _version()
            actions = list(bulk_actions(index, kind, _docs(kind, ids), ids, version=version))
            pending.append(pool.submit(bulk_write_actions, es, actions, require_alias=False))
            settle(threads * 2)
        settle(0)
    return done


# -- search_check --------------------------------------------------------------------------


def _expected(kind: str, chunk_size: int, today: dt.date) -> Iterator[tuple[int, str]]:
    for ids in _chunks(kind, chunk_size):
        for doc in _docs(kind, ids):
            if doc["visible"]:
                stars = doc.get("ocop_valid_until")
                yield doc["id"], _token(fingerprint(doc), stars, today)


def _token(fp: str, stars: dict[str, str] | None, today: dt.date) -> str:
    if stars is None:
        return fp
    return fp + json.dumps(valid_stars(stars, today), sort_keys=True)


def _indexed(
    es: Elasticsearch, alias: str, kind: str, page: int, today: dt.date
) -> Iterator[tuple[int, str]]:
    """(id, token) of every document behind `alias`, in id order (search_after paging)."""
    fields = ["fingerprint", "ocop_valid_until"] if kind == indices.PRODUCTS else ["fingerprint"]
    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {
            "size": page,
            "sort": [{"id": "asc"}],
            "_source": fields,
            "query": {"match_all": {}},
        }
        if after is not None:
            body["search_after"] = after
        hits = es.search(index=alias, body=body)["hits"]["hits"]
        if not hits:
            return
        for hit in hits:
            source = hit["_source"]
            stars = None
            if kind == indices.PRODUCTS:
                stars = json.loads(source.get("ocop_valid_until") or "{}")
            yield int(hit["_id"]), _token(source.get("fingerprint", ""), stars, today)
        after = hits[-1]["sort"]


def check(
    backend: ElasticsearchBackend, *, chunk_size: int = DEFAULT_CHUNK
) -> dict[str, Differences]:
    today = timezone.localdate()
    es = backend.es
    es.indices.refresh(index=",".join(backend.alias(k) for k in indices.KINDS))
    result = {}
    for kind in (indices.PRODUCTS, indices.VENDORS):
        result[kind] = merge_compare(
            kind,
            _expected(kind, chunk_size, today),
            _indexed(es, backend.alias(kind), kind, 5000, today),
        )
    return result
