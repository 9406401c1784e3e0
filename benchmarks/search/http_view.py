"""The product search view called in-process: req/s per backend and where the client-side time goes.

    DATABASE_URL=… ELASTICSEARCH_URL=… ELASTICSEARCH_INDEX_PREFIX=… \
        .venv/bin/python -m benchmarks.search.http_view [--seconds 20] [--rounds 4] \
        [--mix benchmark|mi-gao] [--profile FILE] [--json FILE]

Each request goes through `ProductSearchView` as a client's would, without the socket: a
RequestFactory GET, DRF's parsing and validation, the backend, the live rows, the serializers and
the JSON rendering (`response.render()`). Backends alternate round by round (database, then
Elasticsearch, `--rounds` times, `--seconds` each) so both see the same neighbours on a shared
machine; the report gives requests per second, p50/p95 of a request and the ratio ES/database.

Each request is also split by wall clock (300 requests per backend, after the warm-up):
- es_http: inside elastic_transport's node (urllib3: the round trip, the server's work);
- es_serde: the rest of Transport.perform_request (serializing the body, parsing the answer);
- es_requests: how many requests one search made;
- db: time in SQL (connection.execute_wrapper), with the number of statements;
- other: everything else in Python (query building, response wrapping, highlights, facets,
  serializers, rendering).

The mix: `benchmark` turns benchmarks.search.run.build_mix (without the suggest class) into query
strings, facets only where that mix asks for them; `mi-gao` is `?q=mi gao` with the API's
defaults (every facet), the request of issue 11's table. The anonymous throttle is raised to
100,000,000/min for the run (THROTTLE_ANON), as every request comes from one address.

With --es-pid and --pg-pid, the CPU each request costs is read from /proc: this process, the
Elasticsearch JVM, PostgreSQL's postmaster and its backends (the figure that holds on a shared
machine, where wall-clock time depends on the neighbours).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from benchmarks.search.catalogue import _setup
from benchmarks.search.run import _percentile, build_mix

PATH = "/api/v1/search/products/"


def query_strings(mix: str, n: int, seed: int) -> list[str]:
    if mix == "mi-gao":
        return [urlencode({"q": "mi gao"})] * n
    out: list[str] = []
    for kind, q in build_mix(n * 2, seed):
        if kind == "suggest":
            continue
        params: dict[str, Any] = {"q": q.q, "facets": "true" if q.with_facets else "false"}
        for name in ("category", "province", "vendor_type", "ocop_stars_min"):
            if getattr(q, name) is not None:
                params[name] = getattr(q, name)
        if q.price_min is not None:
            params["price_min"], params["price_max"] = q.price_min, q.price_max
        out.append(urlencode(params))
        if len(out) == n:
            break
    return out


class Splits:
    """Wall-clock counters around the transport and the database (patched in place)."""

    def __init__(self) -> None:
        self.es_http = 0.0
        self.es_total = 0.0
        self.es_requests = 0
        self.db = 0.0
        self.db_queries = 0

    @contextlib.contextmanager
    def installed(self, es: Any) -> Iterator[None]:
        from django.db import connection

        transport = es.transport
        original_transport = transport.perform_request
        nodes = list(transport.node_pool.all())
        originals = [(node, node.perform_request) for node in nodes]

        def timed_transport(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original_transport(*args, **kwargs)
            finally:
                self.es_total += time.perf_counter() - started
                self.es_requests += 1

        def timed_node(original: Any) -> Any:
            def perform(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    self.es_http += time.perf_counter() - started

            return perform

        def timed_sql(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.db += time.perf_counter() - started
                self.db_queries += 1

        transport.perform_request = timed_transport
        for node, original in originals:
            node.perform_request = timed_node(original)
        try:
            with connection.execute_wrapper(timed_sql):
                yield
        finally:
            transport.perform_request = original_transport
            for node, original in originals:
                node.perform_request = original


def _ticks(pid: int, children: bool) -> int:
    """utime + stime of a process (and of its direct children: PostgreSQL's backends)."""
    pids = [pid]
    if children:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        pids.append(int(entry))
    total = 0
    for p in pids:
        with contextlib.suppress(OSError), open(f"/proc/{p}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def cpu(backend: str, qss: list[str], n: int, es_pid: int, pg_pid: int) -> dict[str, float]:
    """CPU milliseconds per request in this process, the Elasticsearch JVM and PostgreSQL:
    what a request costs on a shared machine, whatever the neighbours do to wall-clock time."""
    from django.test import RequestFactory, override_settings

    from search.api.views import ProductSearchView

    view = ProductSearchView.as_view()
    factory = RequestFactory()
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    es0, pg0, py0 = _ticks(es_pid, False), _ticks(pg_pid, True), time.process_time()
    with override_settings(SEARCH_BACKEND=backend):
        for i in range(n):
            call(view, factory, qss[i % len(qss)])
    py = (time.process_time() - py0) * 1000 / n
    es = (_ticks(es_pid, False) - es0) * tick / n
    pg = (_ticks(pg_pid, True) - pg0) * tick / n
    return {
        "python_ms": round(py, 2),
        "elasticsearch_ms": round(es, 2),
        "postgresql_ms": round(pg, 2),
        "total_ms": round(py + es + pg, 2),
    }


def call(view: Any, factory: Any, qs: str) -> int:
    response = view(factory.get(f"{PATH}?{qs}", HTTP_ACCEPT_LANGUAGE="vi"))
    response.render()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(response.content)


def run_round(backend: str, qss: list[str], seconds: float, start: int) -> tuple[list[float], int]:
    from django.test import RequestFactory, override_settings

    from search.api.views import ProductSearchView

    view = ProductSearchView.as_view()
    factory = RequestFactory()
    times: list[float] = []
    i = start
    deadline = time.perf_counter() + seconds
    with override_settings(SEARCH_BACKEND=backend):
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            call(view, factory, qss[i % len(qss)])
            times.append((time.perf_counter() - t0) * 1000)
            i += 1
    return times, i


def splits(backend: str, qss: list[str], n: int) -> dict[str, float]:
    from django.test import RequestFactory, override_settings

    from search.api.views import ProductSearchView
    from search.backends.elasticsearch import indices

    view = ProductSearchView.as_view()
    factory = RequestFactory()
    s = Splits()
    wall = 0.0
    with override_settings(SEARCH_BACKEND=backend), s.installed(indices.client()):
        for i in range(n):
            t0 = time.perf_counter()
            call(view, factory, qss[i % len(qss)])
            wall += time.perf_counter() - t0
    ms = 1000 / n
    return {
        "requests": n,
        "wall_ms": round(wall * ms, 2),
        "es_requests": round(s.es_requests / n, 2),
        "es_http_ms": round(s.es_http * ms, 2),
        "es_serde_ms": round((s.es_total - s.es_http) * ms, 2),
        "db_ms": round(s.db * ms, 2),
        "db_queries": round(s.db_queries / n, 2),
        "other_ms": round((wall - s.es_total - s.db) * ms, 2),
    }


def profile(backend: str, qss: list[str], n: int, path: str) -> None:
    from django.test import RequestFactory, override_settings

    from search.api.views import ProductSearchView

    view = ProductSearchView.as_view()
    factory = RequestFactory()
    prof = cProfile.Profile()
    with override_settings(SEARCH_BACKEND=backend):
        prof.enable()
        for i in range(n):
            call(view, factory, qss[i % len(qss)])
        prof.disable()
    prof.dump_stats(path)
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mix", choices=["benchmark", "mi-gao"], default="benchmark")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", help="cProfile the Elasticsearch view into this file")
    parser.add_argument("--json", help="also write the report to this file")
    parser.add_argument("--es-pid", type=int, help="the Elasticsearch JVM (CPU per request)")
    parser.add_argument("--pg-pid", type=int, help="the postmaster (CPU per request)")
    args = parser.parse_args()
    # every request comes from one address: the anonymous throttle is raised for the run
    os.environ.setdefault("THROTTLE_ANON", "100000000/min")
    _setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    qss = query_strings(args.mix, args.queries, args.seed)
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    # warm up both (connections, caches, the complete-index memo)
    for backend in ("database", "elasticsearch"):
        run_round(backend, qss, 3.0, 0)
    if args.profile:
        profile("elasticsearch", qss, 200, args.profile)
        return
    report: dict[str, Any] = {"mix": args.mix, "load_before": load_before, "backends": {}}
    backends = ("database", "elasticsearch")
    report["splits"] = {b: splits(b, qss, min(300, len(qss))) for b in backends}
    if args.es_pid and args.pg_pid:
        report["cpu"] = {
            b: cpu(b, qss, min(300, len(qss)), args.es_pid, args.pg_pid)
            for b in ("database", "elasticsearch")
        }
    results: dict[str, list[float]] = {"database": [], "elasticsearch": []}
    spent: dict[str, float] = {"database": 0.0, "elasticsearch": 0.0}
    pos = {"database": 0, "elasticsearch": 0}
    for _ in range(args.rounds):
        for backend in ("database", "elasticsearch"):
            t0 = time.perf_counter()
            times, pos[backend] = run_round(backend, qss, args.seconds, pos[backend])
            spent[backend] += time.perf_counter() - t0
            results[backend] += times
    for backend, times in results.items():
        report["backends"][backend] = {
            "requests": len(times),
            "req_per_s": round(len(times) / spent[backend], 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 95), 1),
        }
    db, es = report["backends"]["database"], report["backends"]["elasticsearch"]
    report["ratio_es_over_database"] = round(es["req_per_s"] / db["req_per_s"], 2)
    with open("/proc/loadavg") as f:
        report["load_after"] = f.read().split()[:3]
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
