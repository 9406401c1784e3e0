"""GET /metrics (issue 17, item 2, D177, D178): refused unless the operator allowed the scraper,
and then the Prometheus text with the request, database, queue, search and webhook figures."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.utils import timezone
from kombu import Queue
from prometheus_client.parser import text_string_to_metric_families

from core.observability import metrics
from marketplace.celery import app
from partners.models import DeliveryStatus, IdempotencyRecord, WebhookDelivery
from partners.services.changes import changes_record
from partners.services.webhooks.subscriptions import webhook_subscription_create
from search.models import IndexQueue
from tests.factories.partners import PartnerClientFactory
from tests.observability.test_task_request_id import probe

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-0123456789"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


def value(found, name: str, **labels: str) -> float:
    return found[(name, tuple(sorted(labels.items())))]


def scrape(api_client, **headers) -> dict:
    r = api_client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert r.status_code == 200, r.content
    assert r["Content-Type"].startswith("text/plain; version=0.0.4")
    return samples(r.content.decode())


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


# --- who may read ---------------------------------------------------------------------------


def test_off_without_a_token_or_networks(api_client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []
    r = api_client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 404
    assert r.json()["type"] == "urn:giaothuong:problem:not_found"


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer", f"bearer {TOKEN}x"]
)
def test_a_missing_or_wrong_token_is_refused(api_client, token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    r = api_client.get("/metrics", **headers)
    assert r.status_code == 403
    body = r.json()
    assert body["type"] == "urn:giaothuong:problem:permission_denied"
    assert body["status"] == 403 and "giaothuong_" not in r.content.decode()


def test_the_refusal_speaks_vietnamese(api_client, token):
    r = api_client.get("/metrics", HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 403
    assert (
        r.json()["detail"] == "Địa chỉ hoặc mã truy cập này không được phép đọc số liệu giám sát."
    )


def test_the_token_opens_it(api_client, token):
    found = scrape(api_client)
    assert value(found, "giaothuong_metrics_collector_up", collector="core") == 1


def test_networks_allow_by_the_clients_address_not_a_forged_header(api_client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8", "fd00::/8"]
    settings.NUM_PROXIES = 0
    assert api_client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert api_client.get("/metrics", REMOTE_ADDR="fd00::5").status_code == 200
    assert api_client.get("/metrics", REMOTE_ADDR="192.168.1.9").status_code == 403
    forged = api_client.get("/metrics", REMOTE_ADDR="192.168.1.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert forged.status_code == 403


def test_with_both_set_a_scrape_needs_both(api_client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    bearer = f"Bearer {TOKEN}"
    assert api_client.get("/metrics", REMOTE_ADDR="10.0.0.1").status_code == 403
    outside = api_client.get("/metrics", REMOTE_ADDR="172.16.0.1", HTTP_AUTHORIZATION=bearer)
    assert outside.status_code == 403
    inside = api_client.get("/metrics", REMOTE_ADDR="10.0.0.1", HTTP_AUTHORIZATION=bearer)
    assert inside.status_code == 200


def test_only_get_reads_it(api_client, token):
    r = api_client.post("/metrics", {}, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 405
    assert r.json()["status"] == 405


# --- what it says ---------------------------------------------------------------------------


def test_requests_are_counted_by_route_template_with_duration_and_queries(api_client, token):
    before = scrape(api_client)
    key = ("giaothuong_http_requests_total",)
    labels = {"method": "GET", "route": "/api/v1/vendors/{slug}/", "status": "404"}
    start = before.get((*key, tuple(sorted(labels.items()))), 0.0)
    for slug in ("no-such-a", "no-such-b", "no-such-c"):
        assert api_client.get(f"/api/v1/vendors/{slug}/").status_code == 404
    api_client.get("/api/v1/regions/provinces/")
    r = api_client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    text = r.content.decode()
    found = samples(text)
    assert value(found, "giaothuong_http_requests_total", **labels) == start + 3
    assert "no-such" not in text  # one series per route, never per path
    assert (
        value(
            found,
            "giaothuong_http_request_duration_seconds_count",
            method="GET",
            route="/api/v1/vendors/{slug}/",
        )
        >= 3
    )
    provinces = "/api/v1/regions/provinces/"
    assert value(found, "giaothuong_http_request_db_queries_sum", route=provinces) >= 1
    assert value(found, "giaothuong_db_queries_total", alias="default") >= 1


def test_an_unusual_method_is_one_label(api_client, token):
    api_client.generic("PROPFIND", "/healthz")
    found = scrape(api_client)
    assert (
        "giaothuong_http_requests_total",
        (("method", "other"), ("route", "/healthz"), ("status", "200")),
    ) in found


def test_search_index_lag_is_the_age_of_the_oldest_queued_update(api_client, token):
    IndexQueue.objects.all().delete()
    found = scrape(api_client)
    assert value(found, "giaothuong_search_index_lag_seconds") == 0
    now = timezone.now()
    IndexQueue.objects.create(kind="product", object_id=1, queued_at=now - timedelta(minutes=10))
    IndexQueue.objects.create(kind="product", object_id=2, queued_at=now, attempts=2)
    found = scrape(api_client)
    assert 600 <= value(found, "giaothuong_search_index_lag_seconds") < 660
    assert value(found, "giaothuong_search_index_queue_length") == 2
    assert value(found, "giaothuong_search_index_queue_failing") == 1


def test_webhook_backlog_failures_and_table_sizes(api_client, token, product, settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    if connection.vendor == "postgresql":
        # As autovacuum may have done in a long run: the planner's estimate says 0 rows, which
        # a small table must not report (CI found it).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {WebhookDelivery._meta.db_table}")
    partner = PartnerClientFactory(scopes=["catalog:read"])
    sub, _secret = webhook_subscription_create(
        client=partner, url="http://127.0.0.1:9/hooks", events=["product.*"], actor=None
    )
    now = timezone.now()
    common = {"subscription": sub, "event": "product.updated", "kind": "product", "payload": {}}
    WebhookDelivery.objects.create(
        **common, change_id=1, object_id=1, created_at=now, next_attempt_at=now
    )
    WebhookDelivery.objects.create(
        **common,
        change_id=2,
        object_id=1,
        created_at=now,
        status=DeliveryStatus.FAILED,
        next_attempt_at=now - timedelta(minutes=5),
    )
    WebhookDelivery.objects.create(
        **common, change_id=3, object_id=1, created_at=now, status=DeliveryStatus.GIVEN_UP
    )
    sub.failing_since = now
    sub.save()
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    IdempotencyRecord.objects.create(
        client=partner, key="k-1", method="POST", path="/x", body_hash="0" * 64
    )
    found = scrape(api_client)
    waiting = "giaothuong_webhook_deliveries_waiting"
    assert value(found, waiting, status="pending") == 1
    assert value(found, waiting, status="failed") == 1
    assert 300 <= value(found, "giaothuong_webhook_oldest_due_seconds") < 360
    assert value(found, "giaothuong_webhook_deliveries_given_up") == 1
    assert value(found, "giaothuong_webhook_subscriptions_failing") == 1
    assert value(found, "giaothuong_webhook_subscriptions_disabled") == 0
    assert value(found, "giaothuong_table_rows", table="webhook_deliveries") == 3
    assert value(found, "giaothuong_table_rows", table="change_feed") >= 1
    assert value(found, "giaothuong_table_rows", table="idempotency_records") == 1
    assert ("giaothuong_table_rows", (("table", "audit_log"),)) in found


def test_a_failing_collector_is_reported_and_the_rest_still_answer(api_client, token):
    def broken():
        raise RuntimeError("database away")

    metrics.metrics_collector_register("broken", broken)
    try:
        found = scrape(api_client)
    finally:
        metrics._collectors.pop("broken")
    assert value(found, "giaothuong_metrics_collector_up", collector="broken") == 0
    assert value(found, "giaothuong_metrics_collector_up", collector="search") == 1


# --- Celery queues, from the broker ---------------------------------------------------------


@dataclass
class Broker:
    """Queues of this test alone on the configured broker (the in-memory one by default, Redis in
    CI, where test processes share it), with no worker reading them."""

    queues: list[str]


@pytest.fixture
def broker(settings) -> Iterator[Broker]:
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    tag = uuid.uuid4().hex[:8]
    names = Broker([f"t{tag}-default", f"t{tag}-search", f"t{tag}-media"])
    try:
        yield names
    finally:
        app.conf.task_always_eager = was_eager
        with app.connection_for_write() as conn:
            for name in names.queues:
                # A queue never declared has nothing to purge.
                with contextlib.suppress(Exception), conn.channel() as channel:
                    channel.queue_purge(name)
                    channel.queue_delete(name)


def test_queue_depth_of_the_default_queue(api_client, token, broker):
    """No CELERY_TASK_QUEUES: the default queue and every queue the routes name (D182)."""
    assert metrics.celery_queue_names() == ["default", "email", "media", "search", "webhooks"]
    was = app.conf.task_default_queue
    default = broker.queues[0]
    app.conf.task_default_queue = default
    try:
        assert metrics.celery_queue_names()[0] == default
        probe.apply_async(queue=default)
        probe.apply_async(queue=default)
        found = scrape(api_client)
    finally:
        app.conf.task_default_queue = was
    assert value(found, "giaothuong_celery_queue_length", queue=default) == 2


def test_queue_depth_per_queue_named_in_the_settings(api_client, token, broker, settings):
    _default, search, media = broker.queues
    settings.CELERY_TASK_QUEUES = [Queue(search), Queue(media)]  # as Celery takes them
    probe.apply_async(queue=media)
    found = scrape(api_client)
    assert value(found, "giaothuong_celery_queue_length", queue=media) == 1
    assert value(found, "giaothuong_celery_queue_length", queue=search) == 0
    assert ("giaothuong_celery_queue_length", (("queue", "celery"),)) not in found


def test_no_queue_figures_when_tasks_run_inline(api_client, token):
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        found = scrape(api_client)
    finally:
        app.conf.task_always_eager = was_eager
    assert not [k for k in found if k[0] == "giaothuong_celery_queue_length"]
    assert value(found, "giaothuong_metrics_collector_up", collector="celery") == 1


def test_queue_depth_is_the_redis_lists_length(api_client, token, broker, settings):
    """On the real broker CI runs (CELERY_BROKER_URL=redis://…; locally a skip): the figure is
    the length of the queue's Redis list."""
    url = settings.CELERY_BROKER_URL  # the worker's own database under pytest-xdist (D238)
    if not url.startswith(("redis://", "rediss://")):
        if os.environ.get("CI"):
            pytest.fail("CI runs with CELERY_BROKER_URL=redis://…; it is not set")
        pytest.skip("needs CELERY_BROKER_URL=redis://… (CI sets it)")
    queue = broker.queues[1]
    settings.CELERY_TASK_QUEUES = [Queue(queue)]
    for _ in range(3):
        probe.apply_async(queue=queue)
    found = scrape(api_client)
    assert value(found, "giaothuong_celery_queue_length", queue=queue) == 3
    assert redis.Redis.from_url(url).llen(queue) == 3
