"""Prometheus metrics (D177): what each process counts as it works, and what is read from the
database and the broker when /metrics is scraped.

Counted in process (prometheus-client; with PROMETHEUS_MULTIPROC_DIR set, in files shared by
gunicorn's workers, docs/operations.md): requests by method, route template and status, their
duration and database queries by route, and every database query by connection alias.

Read at scrape time, by collectors each app registers from its `extensions.connect()` with
`metrics_collector_register()` (so core names no model of the apps above it): core's own are the
Celery queue depths (from the broker) and the audit log's size; search adds the index lag,
partners the webhook backlog and failures and its tables' sizes. A collector that fails is
reported as `giaothuong_metrics_collector_up{collector=...} 0`, never as a failed scrape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import structlog
from celery import current_app
from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Model
from kombu.exceptions import ChannelError
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = structlog.get_logger(__name__)

PREFIX = "giaothuong"
HTTP_REQUESTS = Counter(
    f"{PREFIX}_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    f"{PREFIX}_http_request_duration_seconds",
    "Time from the first middleware in to the answer out, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_QUERIES = Histogram(
    f"{PREFIX}_http_request_db_queries",
    "Database queries made while answering one request, by route template.",
    ["route"],
    buckets=(0, 1, 2, 4, 8, 16, 32, 64, 128),
)
DB_QUERIES = Counter(
    f"{PREFIX}_db_queries",
    "Database queries sent, by connection alias (requests, tasks and commands alike).",
    ["alias"],
)
# Methods outside this set are counted as "other", so a client cannot add label values.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# --- per request ---------------------------------------------------------------------------
@dataclass
class QueryCount:
    count: int = 0
    token: Any = None


_request_queries: ContextVar[QueryCount | None] = ContextVar("request_queries", default=None)


def request_queries_start() -> QueryCount:
    counter = QueryCount()
    counter.token = _request_queries.set(counter)
    return counter


def request_queries_stop(counter: QueryCount) -> None:
    _request_queries.reset(counter.token)


def request_observe(*, method: str, route: str, status: int, seconds: float, queries: int) -> None:
    method = method if method in _METHODS else "other"
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route).observe(seconds)
    HTTP_QUERIES.labels(route).observe(queries)


def _count_query(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    DB_QUERIES.labels(context["connection"].alias).inc()
    counter = _request_queries.get()
    if counter is not None:
        counter.count += 1
    return execute(sql, params, many, context)


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _count_query not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _count_query)


def db_query_counting_install() -> None:
    """Count the queries of every database connection, from its first one on."""
    connection_created.connect(_on_connection_created, dispatch_uid="metrics-db-queries")
    for conn in connections.all(initialized_only=True):
        _on_connection_created(sender=None, connection=conn)


# --- read at scrape time -------------------------------------------------------------------
MetricsCollect = Callable[[], Iterable[Any]]
_collectors: dict[str, MetricsCollect] = {}


def metrics_collector_register(name: str, collect: MetricsCollect) -> None:
    """Add (or replace) a named collector: a function yielding prometheus-client metric
    families, called at each scrape."""
    _collectors[name] = collect


class _RegisteredCollectors(Collector):
    def collect(self) -> Iterator[Any]:
        up = GaugeMetricFamily(
            f"{PREFIX}_metrics_collector_up",
            "1 when the collector read its figures at this scrape, 0 when it failed.",
            labels=["collector"],
        )
        for name, collect in list(_collectors.items()):
            try:
                families = list(collect())
            except Exception as exc:  # one line, not a traceback at every scrape
                error = f"{exc.__class__.__name__}: {exc}"
                logger.warning("metrics collector failed", collector=name, error=error)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up


SCRAPE_REGISTRY = CollectorRegistry(auto_describe=False)
SCRAPE_REGISTRY.register(_RegisteredCollectors())


def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=value)


# Up to this many rows a table is counted exactly (an index-only count of a bounded subquery);
# beyond, PostgreSQL's estimate stands in (the figure is for trends and alerts, D177).
EXACT_ROWS_UP_TO = 10_000


def table_rows(model: type[Model]) -> int:
    """The rows of a model's table: counted exactly while it is small, PostgreSQL's planner
    estimate (pg_class.reltuples, kept by autovacuum's ANALYZE; no scan) once it is large, an
    exact count elsewhere (SQLite: the embedded default). The estimate alone was 0 for a table
    analysed while empty and written to since."""
    if default_connection.vendor != "postgresql":
        return model._default_manager.count()
    bounded = model._default_manager.all()[: EXACT_ROWS_UP_TO + 1].count()
    if bounded <= EXACT_ROWS_UP_TO:
        return bounded
    with default_connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [default_connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    return max(bounded, int(row[0])) if row is not None else bounded


def table_rows_family(tables: dict[str, type[Model]]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        f"{PREFIX}_table_rows",
        "Rows in a table that grows with use (PostgreSQL: the planner's estimate).",
        labels=["table"],
    )
    for label, model in tables.items():
        family.add_metric([label], table_rows(model))
    return family


def celery_queue_names() -> list[str]:
    """The queues workers read: CELERY_TASK_QUEUES when the settings name them, else the
    default queue ("celery" unless set) and every queue the task routes name (D182)."""
    queues = getattr(settings, "CELERY_TASK_QUEUES", None)
    if not queues:
        default = current_app.conf.task_default_queue or "celery"
        routes = current_app.conf.task_routes
        routed = {
            str(route["queue"])
            for route in (routes.values() if isinstance(routes, dict) else ())
            if isinstance(route, dict) and route.get("queue")
        }
        return [default, *sorted(routed - {default})]
    if isinstance(queues, dict):
        return [str(name) for name in queues]
    return [str(getattr(queue, "name", queue)) for queue in queues]


def celery_queue_lengths() -> dict[str, int]:
    """Messages waiting in each queue, asked of the broker (a Redis list's length; any kombu
    transport answers a passive declare). A queue the broker does not know holds none."""
    lengths: dict[str, int] = {}
    options = {"socket_timeout": 2, "socket_connect_timeout": 2}
    with current_app.connection_for_read(connect_timeout=2, transport_options=options) as conn:
        conn.ensure_connection(max_retries=1)
        for name in celery_queue_names():
            with conn.channel() as channel:
                try:
                    lengths[name] = int(channel.queue_declare(queue=name, passive=True)[1])
                except ChannelError:
                    lengths[name] = 0
    return lengths


def core_metrics() -> Iterator[Any]:
    yield table_rows_family({"audit_log": apps.get_model("core", "AuditLog")})


def celery_metrics() -> Iterator[Any]:
    if current_app.conf.task_always_eager:
        return  # no broker: tasks run inline
    lengths = celery_queue_lengths()
    family = GaugeMetricFamily(
        f"{PREFIX}_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
    )
    for name, length in sorted(lengths.items()):
        family.add_metric([name], length)
    yield family
