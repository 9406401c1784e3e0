"""The request id follows the work a request starts (issue 17, item 1, D176): into Celery tasks
(a message header, bound by the worker; inline in eager mode) and into webhook POSTs."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import structlog
from celery import shared_task
from celery.contrib.testing.worker import start_worker

from catalog.models import ProductStatus
from core.observability.logs import request_id
from marketplace.celery import app
from partners.services.webhooks.subscriptions import webhook_subscription_create
from tests.conftest import client_for
from tests.factories import ModeratorFactory, ProductFactory, VendorFactory
from tests.factories.partners import PartnerClientFactory
from tests.observability.conftest import access_lines
from tests.reference_data import reference_data_restore

seen: list[dict] = []
ran = threading.Event()


@shared_task(name="tests.observability.probe")
def probe() -> str | None:
    context = structlog.contextvars.get_contextvars()
    seen.append({"request_id": request_id(), "task": context.get("task")})
    structlog.get_logger("tests.probe").info("probe ran")
    ran.set()
    return request_id()


@pytest.fixture(autouse=True)
def _fresh():
    seen.clear()
    ran.clear()


# disable_sync_subtasks=False: once any test of the run has started a worker in this process
# (start_worker below), Celery refuses a blocking .get() even on an eager result.


def test_an_eager_task_sees_the_request_id_and_leaves_the_context_as_it_was(json_log):
    with structlog.contextvars.bound_contextvars(request_id="req-eager-1"):
        assert probe.delay().get(disable_sync_subtasks=False) == "req-eager-1"
        assert structlog.contextvars.get_contextvars() == {"request_id": "req-eager-1"}
    assert seen == [{"request_id": "req-eager-1", "task": "tests.observability.probe"}]
    [line] = [x for x in json_log() if x["event"] == "probe ran"]
    assert line["request_id"] == "req-eager-1"
    assert line["task"] == "tests.observability.probe" and line["task_id"]


def test_no_request_no_request_id():
    assert probe.delay().get(disable_sync_subtasks=False) is None
    assert seen == [{"request_id": None, "task": "tests.observability.probe"}]


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A worker thread reading a queue of this test alone, on the configured broker (in memory
    by default; Redis in CI): the task crosses a real message."""
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    queue = f"t{uuid.uuid4().hex[:8]}-worker"
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[queue]
        ):
            yield queue
    finally:
        app.conf.task_always_eager = was_eager
        with app.connection_for_write() as conn, contextlib.suppress(Exception):
            conn.default_channel.queue_delete(queue)


def test_a_worker_binds_the_request_id_sent_in_the_message(worker_queue):
    with structlog.contextvars.bound_contextvars(request_id="req-worker-7"):
        probe.apply_async(queue=worker_queue)
    assert ran.wait(timeout=30), "the worker did not run the task"
    # The worker ran it in a thread of its own: the id came in the message's headers.
    assert seen == [{"request_id": "req-worker-7", "task": "tests.observability.probe"}]


# --- webhooks ---------------------------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[list[dict]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"request_id": self.headers.get("X-Request-ID")})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.append({"url": f"http://127.0.0.1:{server.server_address[1]}/hooks"})
    yield received
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def _reference_rows_back(django_db_blocker) -> Iterator[None]:
    """Set up before the transactional database, so torn down after its flush: put back the
    regions and categories the flush deleted (tests/reference_data.py)."""
    yield
    with django_db_blocker.unblock():
        reference_data_restore()


def test_a_webhook_post_carries_the_request_id_of_the_request_that_caused_it(
    _reference_rows_back, transactional_db, receiver, settings, json_log
):
    """Real commits (a transactional test), so the after-commit dispatch and the eager delivery
    task run inside the request, as in production."""
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    reference_data_restore()
    vendor = VendorFactory()
    moderator = ModeratorFactory()
    url = receiver.pop()["url"]
    partner = PartnerClientFactory(scopes=["catalog:read", "webhooks:manage"])
    webhook_subscription_create(client=partner, url=url, events=["product.*"], actor=None)
    pending = ProductFactory(vendor=vendor, status=ProductStatus.PENDING_REVIEW, published_at=None)
    r = client_for(moderator).post(
        f"/api/v1/products/{pending.slug}/approve/", {}, HTTP_X_REQUEST_ID="approve-123"
    )
    assert r.status_code == 200, r.json()
    assert r["X-Request-ID"] == "approve-123"
    assert [h["request_id"] for h in receiver] == ["approve-123"]
    [line] = access_lines(json_log())
    assert line["request_id"] == "approve-123"
