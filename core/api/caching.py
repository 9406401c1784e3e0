"""HTTP caching of API reads: who may keep an answer, for how long, and when it is unchanged.

One middleware decides it for every GET and HEAD a DRF view answers, so no view opts in and a
new public endpoint is covered the day it is added:

- an anonymous visitor's successful read is ``Cache-Control: public, max-age=N`` with N =
  ``PUBLIC_CACHE_MAX_AGE`` (30 s by default: a moderator's takedown is gone from every cache
  within a minute);
- an answer to someone signed in (JWT or session), to a partner (API key), to any request that
  carries credentials, or one that sets a cookie is ``private, no-cache``: the browser may keep
  it and revalidate, a shared cache never stores it;
- errors are ``no-store`` (a 404 or 429 must not be served from a cache after it is fixed);
- every answer says ``Vary: Accept-Language, Authorization, Cookie, X-Api-Key`` (labels are
  translated; who asks changes the answer), and every successful one carries a weak ETag of its
  body (``core.api.etag``); ``If-None-Match`` that lists it gets 304 with the same headers.

A view that sets ``Cache-Control`` itself keeps it. The middleware must stand above
SessionMiddleware (and CsrfViewMiddleware) in ``MIDDLEWARE`` so it sees the cookies they set.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from rest_framework.views import APIView

from core.api import response_cache
from core.api.etag import body_etag

VARY = ("Accept-Language", "Authorization", "Cookie", "X-Api-Key")
PRIVATE = "private, no-cache"
ERROR = "no-store"


def _drf_view(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def is_anonymous_request(request: HttpRequest) -> bool:
    """No credentials presented and none accepted: the answer is the one everybody gets.

    Reads what DRF's authentication left on the request (``Request.user``/``auth`` are written
    through to the Django request), so it costs no query."""
    meta = request.META
    if meta.get("HTTP_AUTHORIZATION") or meta.get("HTTP_X_API_KEY"):
        return False
    if getattr(request, "auth", None) is not None:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _none_match(request: HttpRequest, etag: str) -> bool:
    """If-None-Match lists the ETag (weak comparison, RFC 9110 13.1.2) or is ``*``."""
    tags = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    return "*" in tags or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}


def public_cache_control() -> str:
    return f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE}"


def cache_headers(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Cache-Control, Vary and ETag of one API read; 304 when If-None-Match matches."""
    response = _with_cache_headers(request, response)
    return _not_modified(request, response) if response.has_header("ETag") else response


def _with_cache_headers(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    patch_vary_headers(response, VARY)
    if response.has_header("Cache-Control"):
        return response
    if response.status_code not in (200, 304):
        response["Cache-Control"] = ERROR
        return response
    shared = is_anonymous_request(request) and not response.cookies
    response["Cache-Control"] = public_cache_control() if shared else PRIVATE
    if response.status_code != 200 or response.streaming:
        return response
    if not response.has_header("ETag"):
        response["ETag"] = body_etag(response.content)  # type: ignore[attr-defined]
    return response


def _not_modified(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """304 with the answer's caching headers when If-None-Match lists its ETag, else the answer."""
    if not _none_match(request, response["ETag"]):
        return response
    not_modified = HttpResponseNotModified()
    for header in ("Cache-Control", "ETag", "Vary", "Content-Language"):
        if response.has_header(header):
            not_modified[header] = response[header]
    not_modified.cookies = response.cookies
    return not_modified


class HttpCachingMiddleware:
    """Applies :func:`cache_headers` to GET and HEAD answers of DRF views, and serves and keeps
    the public ones in the shared response cache (core.api.response_cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        shared = response_cache.eligible(request)
        if shared:
            kept, generation = response_cache.lookup(request)
            response_cache.remember_generation(request, generation)
            if kept is not None:
                return _not_modified(request, kept) if kept.has_header("ETag") else kept
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or not _drf_view(request):
            return response
        response = _with_cache_headers(request, response)
        if (
            shared
            and response.status_code == 200
            and response.get("Cache-Control") == public_cache_control()
        ):
            response_cache.store(request, response, generation)
        return _not_modified(request, response) if response.has_header("ETag") else response
