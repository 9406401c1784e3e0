"""Error reports to Sentry (D179), on only when SENTRY_DSN is set.

The Django and Celery integrations report unhandled exceptions in requests and tasks, and the
logging integration (on by default) turns ERROR lines into events and lower lines into
breadcrumbs. `send_default_pii=False`: no cookies, no user e-mail or IP address, no request
bodies; the request id is a tag (core.observability.requests and .tasks), so an event leads to
its log lines. Called from settings.py, as Sentry's Django guide does, before any request.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def sentry_init(
    *,
    dsn: str,
    environment: str,
    release: str,
    traces_sample_rate: float,
    transport: Any = None,
) -> bool:
    """Start the SDK when `dsn` is set; returns whether it did. `transport` replaces the HTTP
    transport (the tests give one that keeps events in memory)."""
    if not dsn:
        return False
    options: dict[str, Any] = {
        "dsn": dsn,
        "environment": environment or None,
        "release": release or None,
        "send_default_pii": False,
        "traces_sample_rate": traces_sample_rate,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    return True
