"""The exchange's public base URL, for links in responses and mail (D109).

``SITE_URL`` when it is set (production sets it: links in mail and webhook payloads must not
depend on who asked). When it is not, the base URL of the request being served — its scheme and
``Host``, already checked against ``ALLOWED_HOSTS`` — so ``make run HOST=0.0.0.0:8100`` gives
picture URLs on port 8100, not 8000. Outside a request (a worker, a management command) without
``SITE_URL``, ``http://127.0.0.1:8000``.

``SiteUrlMiddleware`` keeps the request's base URL in a context variable for the duration of
the request; ``site_url()`` reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

DEFAULT_SITE_URL = "http://127.0.0.1:8000"

_request_base: ContextVar[str | None] = ContextVar("giaothuong_request_base", default=None)


def site_url() -> str:
    """The base URL links are built on, without a trailing slash."""
    configured = str(getattr(settings, "SITE_URL", "") or "")
    if configured:
        return configured.rstrip("/")
    return _request_base.get() or DEFAULT_SITE_URL


class SiteUrlMiddleware:
    """Remembers the request's base URL while it is served (used when SITE_URL is not set)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SITE_URL:
            return self.get_response(request)
        try:
            base: str | None = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            base = None  # refused by CommonMiddleware; never a link base
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
