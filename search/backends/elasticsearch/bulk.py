"""Bulk writes to Elasticsearch: documents in, index and delete actions out, errors surfaced.

Every action carries an external version (`_version()`, read before the documents are read from
the database) so the later read wins whatever order two writers' requests arrive in (D25).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch, helpers

from search.backends.elasticsearch import indices
from search.backends.elasticsearch.documents import product_source, vendor_source
from search.documents import Document, product_documents, vendor_documents

BULK_CHUNK = 500


class IndexingError(Exception):
    """Elasticsearch refused some documents (the first reasons are in the message)."""


def _version() -> int:
    # Microseconds since the epoch, read before the documents are built from the database.
    return time.time_ns() // 1000


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
