"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up. Touches nothing else."""
    return JsonResponse({"status": "ok"})


def _search_check() -> str:
    """The search backend answers; Elasticsearch down with the database fallback is degraded."""
    from django.conf import settings

    import search

    fallback = settings.ELASTICSEARCH_FALLBACK == "database"
    try:
        backend = search.backend()
        if backend.ping():
            # Elasticsearch up, but its index never filled: searches do not trust it.
            problem = getattr(backend, "problem", lambda: None)()
            if problem is None:
                return "ok"
            return f"degraded: {problem}" if fallback else f"error: {problem}"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    if settings.SEARCH_BACKEND == "elasticsearch" and fallback:
        return "degraded: Elasticsearch unreachable, the database answers searches"
    return "error: search backend unreachable"


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database, the cache and the search backend answer."""
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
    checks["search"] = _search_check()
    # A degraded search (Elasticsearch down, the database answering) still serves: taking every
    # web process out of the load balancer would turn a slower search into no site at all.
    ready = all(v == "ok" or v.startswith("degraded") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
