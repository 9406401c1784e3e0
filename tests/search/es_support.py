"""Elasticsearch for the tests: a reachable cluster or a clear skip (locally) / failure (CI).

The cluster is named by ELASTICSEARCH_URL in the environment (.ci/run starts one and exports
it). Every test gets its own index prefix, so parallel workers, other test runs and the
development indices on the same cluster never meet; the test's indices are deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

from search.backends.elasticsearch import ElasticsearchBackend, indices


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def elasticsearch_url() -> str:
    """The cluster to test against; skips (locally) or fails (CI) when there is none."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        if in_ci():
            pytest.fail("CI=true: ELASTICSEARCH_URL must name a running Elasticsearch")
        pytest.skip("ELASTICSEARCH_URL is not set (start Elasticsearch to run these tests)")
    try:
        Elasticsearch(url, request_timeout=5).cluster.health(wait_for_status="yellow", timeout="5s")
    except Exception as exc:
        if in_ci():
            pytest.fail(f"CI=true: Elasticsearch at {url} does not answer: {exc!r}")
        pytest.skip(f"Elasticsearch at {url} does not answer: {exc!r}")
    return url


def unique_prefix() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"gt-test-{worker}-{uuid.uuid4().hex[:10]}"


def backend_for_test(fallback: str = "none") -> Iterator[ElasticsearchBackend]:
    url = elasticsearch_url()
    backend = ElasticsearchBackend(url=url, prefix=unique_prefix(), fallback=fallback)
    indices.ensure_indices(backend.es, backend.prefix)
    indices.mark_complete(backend.es, backend.prefix)  # each test indexes its whole catalogue
    try:
        yield backend
    finally:
        indices.drop_all(backend.es, backend.prefix)
