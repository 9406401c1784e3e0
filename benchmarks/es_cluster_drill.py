"""Elasticsearch cluster drill: two nodes on loopback, one replica, one node killed mid-traffic.

    .venv/bin/python -m benchmarks.es_cluster_drill [--seed-docs 2000] [--before 10] [--after 20]

1. Two Elasticsearch nodes (the integ-test zip .ci/run and benchmarks/search/es_local.sh use,
   taken from their cache: nothing else is downloaded) form one cluster on 127.0.0.1, HTTP ports
   57360/57361, transport 57370/57371 (--http-ports / --transport-ports).
2. The exchange's own products index is created through the exchange's own code
   (search.backends.elasticsearch.indices.create_index with ELASTICSEARCH_SHARDS=2 and
   ELASTICSEARCH_REPLICAS=1), and filled with --seed-docs documents; the cluster must be green.
3. The exchange's own client (ELASTICSEARCH_URL with both nodes, comma-separated) then writes one
   document per request and searches, from two threads, without pause.
4. After --before seconds one node is killed with SIGKILL (a crash, not a clean shutdown): the one
   outside the cluster's voting configuration, so the cluster keeps its elected master (a
   two-node cluster cannot survive losing the master: production runs three master-eligible
   nodes, docs/operations.md). It holds primaries, so replicas must be promoted.
5. Traffic goes on for --after seconds. Every write must be acknowledged and every search
   answered whole (as the backend searches: a shard that failed because its node died between
   the query and fetch phases is asked once more, search.backends.elasticsearch.backend
   .execute_whole); then every acknowledged document must be found (count and mget).
6. The killed node is started again and the time to green (replicas rebuilt) is measured.

Prints a summary and a JSON line; exits 1 if anything failed or was lost. Runs as root too (the
nodes then run as `nobody`). Takes about a minute and a half on two cores.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ES_VERSION = os.environ.get("ES_VERSION", "8.19.21")
ARTIFACT = (
    "org/elasticsearch/distribution/integ-test-zip/elasticsearch/"
    f"{ES_VERSION}/elasticsearch-{ES_VERSION}.zip"
)


def cached_zip() -> Path:
    """The archive .ci/run or es_local.sh fetched and checked (never downloaded here)."""
    candidates = [
        Path.home() / ".m2" / "repository" / ARTIFACT,
        Path(os.environ.get("GIAOTHUONG_CI_CACHE", "/var/cache/giaothuong-ci"))
        / f"elasticsearch-{ES_VERSION}.zip",
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "giaothuong-ci"
        / f"elasticsearch-{ES_VERSION}.zip",
    ]
    for path in candidates:
        if path.is_file() and path.stat().st_size:
            return path
    raise SystemExit(
        f"Elasticsearch {ES_VERSION} is not cached; run `benchmarks/search/es_local.sh start` "
        "(or .ci/run) once to fetch and check it. Looked in: " + ", ".join(map(str, candidates))
    )


@dataclass
class Node:
    name: str
    home: Path
    http_port: int
    transport_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


def java_home() -> str:
    java = shutil.which("java")
    if not java:
        raise SystemExit("java (17 or newer) is needed to run Elasticsearch")
    return str(Path(java).resolve().parent.parent)


def prepare(work: Path, http_ports: list[int], transport_ports: list[int]) -> list[Node]:
    # unzip keeps the archive's file modes (zipfile would drop the executable bits).
    subprocess.run(["unzip", "-q", str(cached_zip()), "-d", str(work)], check=True)  # noqa: S603,S607
    dist = work / f"elasticsearch-{ES_VERSION}"
    names = [f"drill-{n}" for n in range(1, len(http_ports) + 1)]
    seeds = ", ".join(f'"127.0.0.1:{port}"' for port in transport_ports)
    nodes = []
    for name, http_port, transport_port in zip(names, http_ports, transport_ports, strict=True):
        home = work / name
        shutil.copytree(dist / "config", home / "config")
        for sub in ("data", "logs", "tmp"):
            (home / sub).mkdir(parents=True)
        lines = [
            "cluster.name: giaothuong-drill",
            f"node.name: {name}",
            "network.host: 127.0.0.1",
            f"http.port: {http_port}",
            f"transport.port: {transport_port}",
            f"discovery.seed_hosts: [{seeds}]",
            "cluster.initial_master_nodes: [" + ", ".join(f'"{n}"' for n in names) + "]",
            f"path.data: {home / 'data'}",
            f"path.logs: {home / 'logs'}",
            "cluster.routing.allocation.disk.threshold_enabled: false",
        ]
        if (dist / "modules" / "x-pack-security").is_dir():
            lines.append("xpack.security.enabled: false")
        with (home / "config" / "elasticsearch.yml").open("a") as config:
            config.write("\n" + "\n".join(lines) + "\n")
        nodes.append(Node(name, home, http_port, transport_port))
    if os.geteuid() == 0:  # Elasticsearch refuses to run as root
        work.chmod(0o755)
        subprocess.run(["chown", "-R", "nobody:nogroup", str(work)], check=True)  # noqa: S603,S607
    return nodes


def start(node: Node, dist: Path) -> None:
    command = [str(dist / "bin" / "elasticsearch")]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", *command]
    env = {
        **os.environ,
        "ES_JAVA_HOME": java_home(),
        "ES_PATH_CONF": str(node.home / "config"),
        "ES_TMPDIR": str(node.home / "tmp"),
        "ES_JAVA_OPTS": "-Xms512m -Xmx512m",
    }
    log = (node.home.parent / f"{node.name}.out").open("ab")
    # A session of its own: runuser, the launcher and the server JVM are killed together.
    node.process = subprocess.Popen(  # noqa: S603 - fixed arguments
        command,
        cwd=node.home,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a node: every process of its session (the server JVM outlives its launcher)."""
    group = process.pid
    for sig, seconds in ((signal.SIGTERM, 60), (signal.SIGKILL, 10)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            process.poll()  # reap the launcher
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.5)


def wait_for(what: str, check: Any, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: S110 - not up yet
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what}: not reached in {timeout:.0f} s")


@dataclass
class Traffic:
    acknowledged: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    searches: int = 0
    search_errors: list[str] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def document(n: int) -> dict[str, Any]:
    words = f"che thai nguyen lo {n}"
    return {
        "id": n,
        "slug": f"drill-{n}",
        "name": f"Chè Thái Nguyên lô {n}",
        "name_lower": f"chè thái nguyên lô {n}",
        "name_folded": words,
        "name_head": words,
        "all_folded": words,
        "price": 100_000 + n,
    }


def writer(es: Any, alias: str, first: int, traffic: Traffic) -> None:
    n = first
    while not traffic.stop.is_set():
        started = time.perf_counter()
        try:
            es.index(index=alias, id=str(n), document=document(n))
        except Exception as exc:
            traffic.write_errors.append(f"{n}: {exc!r}"[:300])
        else:
            traffic.acknowledged.append(str(n))
        traffic.write_ms.append((time.perf_counter() - started) * 1000)
        n += 1


def searcher(es: Any, alias: str, traffic: Traffic) -> None:
    """Searches as the exchange's backend runs them: elasticsearch.dsl, through execute_whole
    (a search with a failed shard is asked once more; failed twice it raises PartialResults)."""
    from elasticsearch.dsl import Search

    from search.backends.elasticsearch.backend import execute_whole

    while not traffic.stop.is_set():
        started = time.perf_counter()
        # A new Search each time, as each request builds its own (a Search caches its answer).
        request = Search(using=es, index=alias).query("match", all_folded="che").extra(size=10)
        try:
            execute_whole(request)
        except Exception as exc:
            traffic.search_errors.append(repr(exc)[:300])
        else:
            traffic.searches += 1
        traffic.search_ms.append((time.perf_counter() - started) * 1000)


class AskedAgain(logging.Handler):
    """Counts the searches execute_whole asked once more (a shard failed the first time)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "asking once more" in record.getMessage()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def drill(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    import django

    urls = ",".join(f"http://127.0.0.1:{port}" for port in args.http_ports)
    os.environ.update(ELASTICSEARCH_URL=urls, ELASTICSEARCH_SHARDS="2", ELASTICSEARCH_REPLICAS="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    from elasticsearch.helpers import bulk

    from search.backends.elasticsearch import indices

    nodes = prepare(work, args.http_ports, args.transport_ports)
    dist = work / f"elasticsearch-{ES_VERSION}"
    try:
        for node in nodes:
            start(node, dist)
        # The client's own retries log a traceback per refused connection: the drill counts
        # failures itself.
        logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
        health = f"{nodes[0].url}/_cluster/health?wait_for_nodes=2&wait_for_status=green&timeout=1s"
        took = wait_for(
            "a green two-node cluster",
            lambda: json.load(urllib.request.urlopen(health, timeout=5))["number_of_nodes"] == 2,  # noqa: S310
            240,
        )
        es = indices.client()
        # Setting up may take long on a busy machine; the traffic below keeps --timeout.
        admin = es.options(request_timeout=120)
        print(f"cluster of {len(nodes)} nodes up in {took:.0f} s ({urls})")
        alias = indices.alias_name(indices.PRODUCTS, "drill")
        name = indices.create_index(admin, indices.PRODUCTS, prefix="drill")
        admin.indices.put_alias(index=name, name=alias)
        bulk(
            admin,
            (
                {"_index": alias, "_id": str(n), "_source": document(n)}
                for n in range(args.seed_docs)
            ),
        )
        admin.cluster.health(index=name, wait_for_status="green", timeout="60s")
        shards = admin.cat.shards(index=name, format="json")
        placed = ", ".join(f"{s['shard']}{s['prirep']}@{s['node']}" for s in shards)
        print(f"index {name}: {args.seed_docs:,} documents; shards {placed}")

        traffic = Traffic()
        asked_again = AskedAgain()
        logging.getLogger("search.backends.elasticsearch.backend").addHandler(asked_again)
        threads = [
            threading.Thread(target=writer, args=(es, alias, args.seed_docs, traffic)),
            threading.Thread(target=searcher, args=(es, alias, traffic)),
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.before)

        state = admin.cluster.state(metric=["metadata", "nodes", "master_node"])
        voting = set(state["metadata"]["cluster_coordination"]["last_committed_config"])
        ids = {info["name"]: node_id for node_id, info in state["nodes"].items()}
        victim = next(n for n in nodes if ids[n.name] not in voting)
        primaries = [s["shard"] for s in shards if s["node"] == victim.name and s["prirep"] == "p"]
        killed_after = {"writes": len(traffic.acknowledged), "searches": traffic.searches}
        print(f"killing {victim.name} (SIGKILL; primaries of shard(s) {primaries}); {killed_after}")
        assert victim.process is not None
        os.killpg(victim.process.pid, signal.SIGKILL)
        stop_group(victim.process)
        killed_at = time.monotonic()
        time.sleep(args.after)
        traffic.stop.set()
        for thread in threads:
            thread.join()
        health = admin.cluster.health()
        during = {"health": health["status"], "nodes": health["number_of_nodes"]}

        admin.indices.refresh(index=alias)
        expected = args.seed_docs + len(traffic.acknowledged)
        counted = admin.count(index=alias)["count"]
        found = 0
        for start_at in range(0, len(traffic.acknowledged), 1000):
            batch = traffic.acknowledged[start_at : start_at + 1000]
            found += sum(d["found"] for d in admin.mget(index=alias, ids=batch)["docs"])
        lost = len(traffic.acknowledged) - found

        restart = time.monotonic()
        start(victim, dist)
        back = wait_for(
            "green again after the restart",
            lambda: (
                admin.cluster.health(wait_for_status="green", timeout="1s")["status"] == "green"
            ),
            240,
        )
        print(f"{victim.name} restarted: green again in {back:.0f} s")
        return {
            "elasticsearch": ES_VERSION,
            "nodes": len(nodes),
            "shards": 2,
            "replicas": 1,
            "request_timeout": args.timeout,
            "killed": victim.name,
            "killed_primaries": primaries,
            "seconds_after_kill": round(restart - killed_at, 1),
            "cluster_after_kill": during,
            "writes_acknowledged": len(traffic.acknowledged),
            "write_errors": len(traffic.write_errors),
            "searches": traffic.searches,
            "search_errors": len(traffic.search_errors),
            "searches_asked_again": asked_again.count,
            "write_ms_p50": round(percentile(traffic.write_ms, 0.5), 1),
            "write_ms_max": round(max(traffic.write_ms, default=0), 1),
            "search_ms_p50": round(percentile(traffic.search_ms, 0.5), 1),
            "search_ms_max": round(max(traffic.search_ms, default=0), 1),
            "documents_expected": expected,
            "documents_counted": counted,
            "acknowledged_lost": lost,
            "green_again_seconds": round(back, 1),
            "errors": (traffic.write_errors + traffic.search_errors)[:5],
        }
    finally:
        for node in nodes:
            if node.process is not None:
                stop_group(node.process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed-docs", type=int, default=2000)
    parser.add_argument("--before", type=float, default=10, help="Seconds of traffic first.")
    parser.add_argument("--after", type=float, default=20, help="Seconds after the kill.")
    parser.add_argument(
        "--timeout", type=float, default=10, help="ELASTICSEARCH_TIMEOUT for the traffic."
    )
    parser.add_argument("--http-ports", type=int, nargs=2, default=[57360, 57361])
    parser.add_argument("--transport-ports", type=int, nargs=2, default=[57370, 57371])
    parser.add_argument("--work", default="/tmp/giaothuong-es-drill")  # noqa: S108
    args = parser.parse_args()
    # Stopped with SIGTERM, still stop the nodes (the finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.monotonic()
    try:
        result = drill(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["drill_seconds"] = round(time.monotonic() - started, 1)
    ok = (
        result["cluster_after_kill"]["nodes"] == 1
        and result["write_errors"] == 0
        and result["search_errors"] == 0
        and result["acknowledged_lost"] == 0
        and result["documents_counted"] == result["documents_expected"]
    )
    print(
        f"{result['writes_acknowledged']:,} writes acknowledged, {result['write_errors']} failed; "
        f"{result['searches']:,} searches, {result['search_errors']} failed, "
        f"{result['searches_asked_again']} asked again after a shard failed; "
        f"{result['acknowledged_lost']} acknowledged documents lost "
        f"({result['documents_counted']:,}/{result['documents_expected']:,} counted)."
    )
    print(json.dumps(result))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
