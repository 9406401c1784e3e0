"""One middleware around every request (D176, D177): it takes or makes the request id, binds it
to the logging context (so every line logged while serving the request carries it, and the tasks
the request queues inherit it, core.observability.tasks), returns it in `X-Request-ID`, writes the
one access line, and counts the request, its duration and its database queries for /metrics.

It is the first middleware, so it sees every answer: the shared response cache's, a redirect,
a refusal, and the 500 Django makes of an exception.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import sentry_sdk
import structlog
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.functional import empty

from core.api.clients import partner_key
from core.observability import metrics
from core.observability.logs import REQUEST_ID_HEADER, request_id_accept

logger = structlog.get_logger("giaothuong.request")

UNMATCHED_ROUTE = "<unmatched>"
# (?P<slug>[^/.]+) in DRF's router patterns, <slug:slug> in path(): both become {slug}.
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_PATH_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def route_template(route: str) -> str:
    """The URL pattern a request matched, written the same way for path() and regex routes:
    "api/v1/^vendors/(?P<slug>[^/.]+)/$" becomes "/api/v1/vendors/{slug}/"."""
    text = _REGEX_GROUP.sub(r"{\1}", route)
    text = _PATH_CONVERTER.sub(r"{\1}", text)
    text = text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + text.lstrip("/")


def request_route(request: HttpRequest, status: int) -> str:
    """The route label of a request: the pattern it matched, never the raw path (a label per
    path would make one time series per product). An answer served by the shared response
    cache (before URL resolution) is resolved here; other unresolved requests are unmatched."""
    match = getattr(request, "resolver_match", None)
    if match is None and status < 400:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is None:
        return UNMATCHED_ROUTE
    return route_template(match.route)  # the site's home page matches the empty route: "/"


def _who(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user and the partner (client and API key) behind a request, as far as the
    request already knows them: a user nobody asked for is not loaded for the log."""
    found: dict[str, Any] = {"user_id": None, "partner_id": None, "api_key_id": None}
    user = request.__dict__.get("user")
    if user is not None and getattr(user, "_wrapped", None) is not empty:
        found["user_id"] = getattr(user, "pk", None)
    key = partner_key(request)
    if key is not None:
        found["partner_id"] = key.client_id
        found["api_key_id"] = key.pk
    return found


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        rid = request_id_accept(request.headers.get(REQUEST_ID_HEADER))
        tokens = structlog.contextvars.bind_contextvars(request_id=rid)
        sentry_sdk.set_tag("request_id", rid)
        queries = metrics.request_queries_start()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            duration = time.perf_counter() - started
            route = request_route(request, response.status_code)
            metrics.request_observe(
                method=request.method or "",
                route=route,
                status=response.status_code,
                seconds=duration,
                queries=queries.count,
            )
            log = logger.error if response.status_code >= 500 else logger.info
            log(
                "request",
                method=request.method,
                path=request.path,
                route=route,
                status=response.status_code,
                duration_ms=round(duration * 1000, 1),
                db_queries=queries.count,
                **_who(request),
            )
            return response
        finally:
            metrics.request_queries_stop(queries)
            structlog.contextvars.reset_contextvars(**tokens)
