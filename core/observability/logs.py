"""Logs: structlog on top of the standard library's logging (D175).

Every line, from the exchange's own structlog loggers and from any standard-library logger
(Django, Celery, gunicorn's worker, the Elasticsearch client), goes through one handler whose
formatter is structlog's `ProcessorFormatter`: a JSON object per line in production
(`LOG_FORMAT=json`, the default when `DJANGO_DEBUG=false`), aligned human-readable text on the
embedded default (`LOG_FORMAT=console`). Values bound with `structlog.contextvars` — the request
id, and a task's name and id — are added to every line, whoever logs it.

This module imports no Django, so settings.py (and gunicorn.conf.py) can use it before setup.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from typing import Any

import structlog

LOG_FORMATS = ("json", "console")
REQUEST_ID_HEADER = "X-Request-ID"
# An incoming X-Request-ID is kept when it is short and plain: letters, digits and . _ : -
# (UUIDs, ULIDs, hex trace ids, a load balancer's ids). Anything else gets a fresh id, so a
# client can neither forge lines into the log nor make it long.
REQUEST_ID_MAX_LENGTH = 128
_REQUEST_ID_SHAPE = re.compile(rf"[A-Za-z0-9._:-]{{1,{REQUEST_ID_MAX_LENGTH}}}\Z")

# Added to every line, structlog's and the standard library's alike.
_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def request_id_accept(value: str | None) -> str:
    """The request id for a request that sent `value` as X-Request-ID: the value itself when it
    has a safe shape, a new random id otherwise (or when none was sent)."""
    if value and _REQUEST_ID_SHAPE.match(value):
        return value
    return uuid.uuid4().hex


def request_id() -> str | None:
    """The request id bound to the running request or task, or None outside both."""
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


def _renderer(log_format: str, stream_is_tty: bool) -> list[Any]:
    if log_format == "json":
        return [
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ]
    # Plain tracebacks: rich's boxed ones with every frame's locals took long enough to render
    # that a client's retry outlived the dead node's one-second timeout, and locals may hold
    # passwords or personal data.
    return [
        structlog.dev.ConsoleRenderer(
            colors=stream_is_tty, exception_formatter=structlog.dev.plain_traceback
        )
    ]


def formatter(log_format: str) -> dict[str, Any]:
    """A `logging.config` formatter entry rendering every record in `log_format`."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *_renderer(log_format, sys.stderr.isatty()),
        ],
        "foreign_pre_chain": _SHARED,
    }


def structlog_configure() -> None:
    """Send structlog's loggers through the standard library, to the handler of `LOGGING`, and
    Python's warnings too (logger "py.warnings"), so no line on the console escapes the format."""
    logging.captureWarnings(True)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(*, level: str, log_format: str, eager_tasks: bool) -> dict[str, Any]:
    """The `LOGGING` setting: one handler on the root logger, every logger propagating to it,
    so each record is printed once (D109)."""
    structlog_configure()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": formatter(log_format)},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # Django's own default config gives "django" a console handler of its own, and its
            # lines then reached the root's too: each printed twice. Here they reach the root's
            # handler only (D109).
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # runserver's access line: the exchange writes its own for every server (D176);
            # runserver's errors still show.
            "django.server": {"handlers": [], "level": "ERROR", "propagate": True},
            # Eager tasks (the embedded default) would print a "Task ... succeeded" line for
            # every picture and index batch inside the web process; a worker keeps them at INFO.
            "celery.app.trace": {"level": "WARNING" if eager_tasks else "INFO"},
        },
    }
