"""The Elasticsearch the suite runs against is the one configured, and answers (in CI: the one
.ci/run started; missing or unreachable fails the run there, never skips it)."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from tests.search.es_support import elasticsearch_url


def test_elasticsearch_is_reachable_and_a_supported_version():
    client = Elasticsearch(elasticsearch_url(), request_timeout=10)
    # GET / lives in a module the integ-test zip does not ship: ask the nodes.
    nodes = client.nodes.info(filter_path="nodes.*.version")["nodes"].values()
    versions = {node["version"] for node in nodes}
    assert versions and all(int(v.split(".")[0]) in {8, 9} for v in versions), versions
    assert client.cluster.health()["status"] in {"green", "yellow"}
