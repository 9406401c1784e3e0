"""The site's pages cached as the API's reads are (core/api/caching.py, D88): an anonymous
visitor's page is `public, max-age=PUBLIC_CACHE_MAX_AGE` with a weak ETag and 304 on
If-None-Match, so a CDN may keep it; a signed-in visitor's (or one that sets a cookie, e.g. a
form's CSRF token) is private; errors are no-store. The middleware only sees DRF views, so
pages opt in with this decorator (D198)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from core.api.caching import cache_headers

View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        render = getattr(response, "render", None)
        if render is not None and not getattr(response, "is_rendered", True):
            render()
        return cache_headers(request, response)

    return wrapped
