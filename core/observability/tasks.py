"""The request id in Celery tasks (D176): a task queued while a request (or another task) is
being served carries its request id in a message header, and the worker binds it, with the
task's name and id, to the logging context while the task runs, so its lines (and the webhook
POSTs it makes) name the request that started it.

Eager tasks (the embedded default) run inside the request that queued them: they keep its
context, and the binding made here is undone when they end, leaving the request's as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sentry_sdk
import structlog
from celery.signals import before_task_publish, task_postrun, task_prerun

from core.observability.logs import request_id

HEADER = "request_id"
# Context tokens of the running tasks, by task id, to undo each binding when its task ends.
_bound: dict[str, Mapping[str, Any]] = {}


def on_before_task_publish(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    rid = request_id()
    if rid and headers is not None and HEADER not in headers:
        headers[HEADER] = rid


def on_task_prerun(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    rid = getattr(getattr(task, "request", None), HEADER, None) or request_id()
    values: dict[str, Any] = {"task": getattr(task, "name", None), "task_id": task_id}
    if rid:
        values["request_id"] = rid
        sentry_sdk.set_tag("request_id", rid)
    if task_id:
        _bound[task_id] = structlog.contextvars.bind_contextvars(**values)


def on_task_postrun(task_id: str | None = None, **kwargs: Any) -> None:
    tokens = _bound.pop(task_id, None) if task_id else None
    if tokens:
        structlog.contextvars.reset_contextvars(**tokens)


def connect() -> None:
    before_task_publish.connect(on_before_task_publish, dispatch_uid="request-id-publish")
    task_prerun.connect(on_task_prerun, dispatch_uid="request-id-prerun")
    task_postrun.connect(on_task_postrun, dispatch_uid="request-id-postrun")
