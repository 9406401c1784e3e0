"""The site's pages cached as the API's reads are (core/api/caching.py, D88): an anonymous
visitor's page is `public, max-age=PUBLIC_CACHE_MAX_AGE` with a weak ETag and 304 on
If-None-Match, so a CDN may keep it; a signed-in visitor's (or one that sets a cookie, e.g. a
form's CSRF token) is private; errors are no-store. The middleware only sees DRF views, so
pages opt in with this decorator (D198). An anonymous page marked public is also kept in the
exchange's shared response cache under the public write generation, as the API's lists are
(core/api/response_cache.py, D89): a burst of visitors on one page costs one render, and any
committed write shows at the next request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from core.api import response_cache
from core.api.caching import cache_headers, public_cache_control

View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        shared = response_cache.page_eligible(request)
        generation = ""
        if shared:
            kept, generation = response_cache.lookup(request)
            if kept is not None:
                return cache_headers(request, kept)  # its ETag, and a 304 when it matches
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        render = getattr(response, "render", None)
        if render is not None and not getattr(response, "is_rendered", True):
            render()
        response = cache_headers(request, response)
        if (
            shared
            and response.status_code == 200
            and response.get("Cache-Control") == public_cache_control()
        ):
            response_cache.store_page(request, response, generation)
        return response

    return wrapped
