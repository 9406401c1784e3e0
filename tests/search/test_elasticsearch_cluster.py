"""Elasticsearch as a cluster (issue 17 item 6, D192), without a cluster: the client knows every
node of ELASTICSEARCH_URL and skips one that refuses connections, and a search never answers
with a shard missing. The drill with two real nodes is benchmarks/es_cluster_drill.py."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from search.backends.elasticsearch import backend, indices


def refused_url() -> str:
    """A loopback address nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class FakeNode(BaseHTTPRequestHandler):
    """Answers /_cluster/health as an Elasticsearch node does (the client checks the header)."""

    def do_GET(self) -> None:
        body = json.dumps({"status": "green", "number_of_nodes": 2}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def live_node():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_elasticsearch_url_may_list_the_nodes_of_a_cluster():
    assert indices.node_urls("http://es1:9200, http://es2:9200,") == [
        "http://es1:9200",
        "http://es2:9200",
    ]
    assert indices.node_urls("http://127.0.0.1:9200") == ["http://127.0.0.1:9200"]


def test_a_node_refusing_connections_is_skipped_for_the_next(live_node):
    es = indices.client(f"{refused_url()},{live_node}")
    # Whichever node the pool tries first, the one that answers does: no error reaches us.
    for _ in range(4):
        assert es.cluster.health()["status"] == "green"


def test_one_node_still_fails_fast():
    es = indices.client(refused_url())
    with pytest.raises(backend.TransportError):
        es.cluster.health()


class Request:
    """A Search stand-in whose answers report the given numbers of failed shards."""

    def __init__(self, *failed: int) -> None:
        self.answers = [
            SimpleNamespace(_shards=SimpleNamespace(failed=n), n=i) for i, n in enumerate(failed)
        ]
        self.calls: list[dict[str, object]] = []

    def execute(self, **kwargs: object) -> SimpleNamespace:
        self.calls.append(kwargs)
        return self.answers[len(self.calls) - 1]


def test_a_search_is_never_answered_with_a_shard_missing(caplog):
    whole = Request(0)
    assert backend.execute_whole(whole).n == 0 and len(whole.calls) == 1

    # A node died between the query and the fetch: asked again, the surviving copy answers.
    once = Request(1, 0)
    assert backend.execute_whole(once).n == 1
    assert once.calls == [{}, {"ignore_cache": True}]
    assert "1 shard(s) failed; asking once more" in caplog.text

    # Failed twice: an outage, which the fallback answers (PartialResults is "not answering").
    twice = Request(1, 1)
    with pytest.raises(backend.PartialResults):
        backend.execute_whole(twice)
    assert backend.PartialResults in backend.NOT_ANSWERING
