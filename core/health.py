"""Liveness and readiness probes for load balancers and orchestrators.

`/readyz` checks the database and the cache itself; an app with a service of its own adds a
check with `readiness_check_register()` from its `AppConfig.ready()` (search does). A check
returns "ok", "degraded: why" (still serving) or "error: why" (take this process out).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

_checks: dict[str, Callable[[], str]] = {}


def readiness_check_register(name: str, check: Callable[[], str]) -> None:
    """Add (or replace) a named readiness check."""
    _checks[name] = check


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up. Touches nothing else."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database, the cache and every registered check answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error: no round trip"
    except Exception as exc:
        checks["cache"] = f"error: {exc.__class__.__name__}"
    for name, check in _checks.items():
        try:
            checks[name] = check()
        except Exception as exc:
            checks[name] = f"error: {exc.__class__.__name__}"
    # A degraded search (Elasticsearch down, the database answering) still serves: taking every
    # web process out of the load balancer would turn a slower search into no site at all.
    ready = all(v == "ok" or v.startswith("degraded") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
