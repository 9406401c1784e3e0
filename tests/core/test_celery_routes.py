"""Celery queues (issue 17 item 3, D182): every task has a route in the one table, the routes
put image renders, search updates, webhooks and mail on queues of their own, the compose stack
consumes every queue, and a burst of renders on a real broker does not stand in front of a search
update or a webhook."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from core import celery_routes
from marketplace.celery import app

ROOT = Path(__file__).resolve().parent.parent.parent


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # autodiscovery: every app's tasks module
    app.autodiscover_tasks(force=True)
    # Celery's own tasks, and probes the test suite registers for itself, are not the exchange's.
    return {name for name in app.tasks if not name.startswith(("celery.", "tests."))}


def queue_of(name: str) -> str:
    return app.amqp.router.route({}, name, args=(), kwargs={})["queue"].name


def test_every_registered_task_has_a_route():
    tasks = registered_tasks()
    assert len(tasks) >= 12, sorted(tasks)  # the finder must see the apps' tasks at all
    missing = tasks - set(celery_routes.TASK_QUEUES)
    assert not missing, f"give these tasks a queue in core/celery_routes.py: {sorted(missing)}"


def test_every_route_names_a_registered_task():
    stale = set(celery_routes.TASK_QUEUES) - registered_tasks()
    assert not stale, f"routes for tasks that do not exist: {sorted(stale)}"


def test_every_periodic_task_is_registered_and_routed():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert len(scheduled) == len(celery_routes.BEAT) >= 11, sorted(scheduled)
    assert scheduled <= registered_tasks(), sorted(scheduled - registered_tasks())
    assert scheduled <= set(celery_routes.TASK_QUEUES)
    assert settings.CELERY_BEAT_SCHEDULE["trace-scans-flush"]["schedule"] == 300


def test_the_settings_route_by_the_table():
    assert celery_routes.task_routes() == settings.CELERY_TASK_ROUTES
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "default"
    assert set(celery_routes.QUEUES) == {"default", "search", "media", "webhooks", "email"}


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("media.tasks.image_render_task", "media"),
        ("search.tasks.search_index_dirty_task", "search"),
        ("marketplace.tasks.webhook_deliver_task", "webhooks"),
        ("marketplace.tasks.webhooks_dispatch_task", "webhooks"),
        ("marketplace.tasks.email_send_task", "email"),
        ("catalog.tasks.listings_import_task", "default"),
    ],
)
def test_celery_sends_each_task_to_its_queue(task, queue):
    assert queue_of(task) == queue


def test_renders_search_and_webhooks_never_share_a_queue():
    renders = queue_of("media.tasks.image_render_task")
    assert renders not in {
        queue_of("search.tasks.search_index_dirty_task"),
        queue_of("marketplace.tasks.webhook_deliver_task"),
        queue_of("marketplace.tasks.webhooks_retry_due_task"),
    }


def test_a_route_to_an_undeclared_queue_is_refused(monkeypatch):
    monkeypatch.setitem(celery_routes.TASK_QUEUES, "x.y", "nowhere")
    with pytest.raises(ValueError, match="undeclared"):
        celery_routes.task_routes()


# --- the compose stack consumes every queue ------------------------------------------------------


def worker_queues() -> dict[str, set[str]]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    found = {}
    for name, service in compose["services"].items():
        command = service.get("command") or ""
        command = command if isinstance(command, str) else " ".join(command)
        if "celery -A marketplace worker" in command:
            words = command.split()
            found[name] = set(words[words.index("-Q") + 1].split(","))
    return found


def test_compose_runs_a_worker_for_every_queue_and_renders_apart():
    workers = worker_queues()
    assert set().union(*workers.values()) == set(celery_routes.QUEUES)
    media_workers = [name for name, queues in workers.items() if "media" in queues]
    realtime = [name for name, queues in workers.items() if {"search", "webhooks"} & queues]
    assert media_workers
    assert realtime
    assert not set(media_workers) & set(realtime), "renders must not share a worker with search"


# --- the drill on a real broker -------------------------------------------------------------------


def redis_broker() -> str | None:
    url = settings.CELERY_BROKER_URL  # the worker's own database under pytest-xdist (D238)
    return url if url.startswith("redis://") else None


@pytest.fixture
def broker():
    url = redis_broker()
    if url is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI must give a Redis broker (CELERY_BROKER_URL=redis://...)")
        pytest.skip("needs a Redis broker: CELERY_BROKER_URL=redis://...")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with app.connection_for_write(url) as conn:
        for queue in celery_routes.QUEUES:
            conn.SimpleQueue(queue).clear()
        yield conn
        for queue in celery_routes.QUEUES:
            conn.SimpleQueue(queue).clear()
    app.conf.task_always_eager = eager


def test_a_burst_of_renders_does_not_delay_search_or_webhooks(broker):
    """500 renders queued first; a search update and a webhook delivery queued after them are
    each the next message their own worker takes, at once."""
    render = app.tasks["media.tasks.image_render_task"]
    index = app.tasks["search.tasks.search_index_dirty_task"]
    deliver = app.tasks["marketplace.tasks.webhook_deliver_task"]
    with broker.Producer() as producer:
        for n in range(500):
            render.apply_async((n,), producer=producer)
        index.apply_async(producer=producer)
        deliver.apply_async((4711,), producer=producer)

    media, search, webhooks = (broker.SimpleQueue(q) for q in ("media", "search", "webhooks"))
    assert media.qsize() == 500
    started = time.monotonic()
    first_search = search.get(timeout=2)
    first_webhook = webhooks.get(timeout=2)
    waited = time.monotonic() - started
    assert first_search.headers["task"] == "search.tasks.search_index_dirty_task"
    assert first_webhook.headers["task"] == "marketplace.tasks.webhook_deliver_task"
    assert waited < 1.0  # not behind 500 renders
    assert media.qsize() == 500  # still waiting for the media worker
    for message in (first_search, first_webhook):
        message.ack()
    for q in (media, search, webhooks):
        q.close()
