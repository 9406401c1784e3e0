"""Search's readiness check, registered with core.health from SearchConfig.ready()."""

from __future__ import annotations

from django.conf import settings

import search


def search_readiness() -> str:
    """The search backend answers; Elasticsearch down with the database fallback is degraded."""
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
