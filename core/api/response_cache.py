"""A short server-side cache of the answers everybody gets (issue 11, D89).

An anonymous read that the HTTP caching middleware marks ``public`` may be kept by any shared
cache for ``PUBLIC_CACHE_MAX_AGE`` seconds; this module is that shared cache inside the
exchange, in the cache backend (Redis in production), so a burst of visitors and crawlers on
the same list costs one render, not one per request. It keeps nothing a shared cache could not:

- only GET under ``/api/``, without credentials (no ``Authorization``, ``X-Api-Key``, session
  or language cookie), answered 200 and marked ``public`` by core.api.caching;
- keyed by the full path with its query string, the host and scheme (links are built on them
  when ``SITE_URL`` is unset), ``Accept`` and ``Accept-Language``;
- for ``API_RESPONSE_CACHE_SECONDS`` (at most ``PUBLIC_CACHE_MAX_AGE``; 0 turns it off);
- every entry carries the *generation* it was made in, and any committed write of a model
  (``post_save``, ``post_delete``, many-to-many changes, ``core.signals.bulk_loaded``) starts a
  new generation, so a takedown or an edit is visible to the next request, not 30 s later.
  Writes that bypass signals (``QuerySet.update``) are bounded by the lifetime. Models whose
  changes no public answer shows (sessions, the audit log, ...) are listed in
  ``API_RESPONSE_CACHE_IGNORE`` so that a sign-in does not empty the cache.

A hit still passes the view's throttles (the same one cache round trip as a rendered request);
a refused one falls through to the view, which answers the 429.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.module_loading import import_string
from rest_framework.request import Request

GENERATION_KEY = "api-response:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Vary", "Cache-Control")


def _enabled() -> bool:
    return settings.API_RESPONSE_CACHE_SECONDS > 0


def eligible(request: HttpRequest) -> bool:
    """A request whose answer may come from, or go to, the shared cache."""
    if not request.path.startswith("/api/"):
        return False
    return _anonymous_get(request)


def page_eligible(request: HttpRequest) -> bool:
    """A page of the public site (web/, D198) an anonymous visitor asks for: kept like the
    API's answers, and never with a messages cookie (the page would show them once)."""
    if request.path.startswith("/api/") or "messages" in request.COOKIES:
        return False
    return _anonymous_get(request)


def _anonymous_get(request: HttpRequest) -> bool:
    if request.method != "GET" or not _enabled():
        return False
    meta = request.META
    if meta.get("HTTP_AUTHORIZATION") or meta.get("HTTP_X_API_KEY"):
        return False
    if getattr(request, "_force_auth_user", None) is not None:
        return False  # DRF's test client signs in without a header
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies and settings.LANGUAGE_COOKIE_NAME not in cookies
    )


def _key(request: HttpRequest) -> str:
    meta = request.META
    raw = "\n".join(
        (
            request.get_full_path(),
            # links are built on the request's host and scheme when SITE_URL is unset (D109)
            meta.get("HTTP_HOST", ""),
            meta.get("HTTP_X_FORWARDED_HOST", ""),
            "https" if request.is_secure() else "http",
            meta.get("HTTP_ACCEPT", ""),
            meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        )
    )
    return "api-response:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def lookup(request: HttpRequest) -> tuple[HttpResponseBase | None, str]:
    """(the kept answer or None, the generation to keep a new answer under)."""
    key = _key(request)
    found = default_cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # A lost generation must never revive entries made before it was lost: start a new one.
        generation = uuid.uuid4().hex
        default_cache.set(GENERATION_KEY, generation, None)
        return None, generation
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return None, generation
    if entry[3] is not None and not _throttles_allow(request, *entry[3:]):  # pages: no throttle
        return None, generation
    response = HttpResponse(entry[1], status=200)
    for name, value in entry[2]:
        response[name] = value
    return response, generation


def store(request: HttpRequest, response: HttpResponseBase, generation: str) -> None:
    """Keep an answer that core.api.caching marked public (the caller checks that)."""
    match = getattr(request, "resolver_match", None)
    view = getattr(getattr(match, "func", None), "cls", None)
    if match is None or view is None or response.status_code != 200 or response.streaming:
        return
    headers = tuple((h, response[h]) for h in KEPT_HEADERS if response.has_header(h))
    action = (getattr(match.func, "actions", None) or {}).get("get")
    path = f"{view.__module__}.{view.__qualname__}"
    entry = (generation, response.content, headers, path, action)  # type: ignore[attr-defined]
    default_cache.set(_key(request), entry, settings.API_RESPONSE_CACHE_SECONDS)


def store_page(request: HttpRequest, response: HttpResponseBase, generation: str) -> None:
    """Keep a page of the site that core.api.caching marked public (the caller checks that),
    unless it holds a CSRF token (a form): that token belongs to one visitor's cookie."""
    if response.status_code != 200 or response.streaming or request.META.get("CSRF_COOKIE_USED"):
        return
    headers = tuple((h, response[h]) for h in KEPT_HEADERS if response.has_header(h))
    entry = (generation, response.content, headers, None, None)  # type: ignore[attr-defined]
    default_cache.set(_key(request), entry, settings.API_RESPONSE_CACHE_SECONDS)


@cache
def _view_class(path: str) -> Any:
    return import_string(path)


def _throttles_allow(request: HttpRequest, view_path: str, action: str | None) -> bool:
    try:
        view = _view_class(view_path)()
    except ImportError:
        return False
    view.request = drf_request = Request(request)
    view.action = action  # as the view had it when it answered (some pick throttles by it)
    return all(t.allow_request(drf_request, view) for t in view.get_throttles())


# --- values derived from public rows, kept under the same generation --------------------------


def remember_generation(request: HttpRequest, generation: str) -> None:
    request.response_generation = generation  # type: ignore[attr-defined]


def kept_value(request: HttpRequest, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()` kept for this anonymous request's generation and API_RESPONSE_CACHE_SECONDS
    under `name`: a list's bounded count is the same for its every page, page size and
    ordering, and a crawler walking the pages would count the same rows for each. Computed
    as usual for anybody signed in (their lists may hold more) and when the cache is off."""
    generation = getattr(request, "response_generation", None)
    if generation is None:
        return compute()
    key = (
        "api-value:" + hashlib.blake2b(f"{generation}\n{name}".encode(), digest_size=16).hexdigest()
    )
    value = default_cache.get(key)
    if value is None:
        value = compute()
        default_cache.set(key, value, settings.API_RESPONSE_CACHE_SECONDS)
    return value


# --- generations ------------------------------------------------------------------------------


def new_generation() -> None:
    default_cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _ignored(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    return meta is None or meta.label_lower in settings.API_RESPONSE_CACHE_IGNORE


def on_write(sender: Any = None, using: str | None = None, **kwargs: Any) -> None:
    """A model was written: start a new generation once the transaction commits (an answer
    rendered before the commit saw the rows before the write and was kept under the old
    generation). Queued once per (nested) block, however many rows it writes."""
    if not _enabled() or _ignored(sender):
        return
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        # Already queued by a write in the same (nested) block: nothing to add.
        block = set(connection.savepoint_ids)
        queued = getattr(connection, "run_on_commit", ())
        if any(entry[1] is new_generation and entry[0] == block for entry in queued):
            return
    transaction.on_commit(new_generation, using=using, robust=True)


def on_bulk_load(**kwargs: Any) -> None:
    if _enabled():
        transaction.on_commit(new_generation, robust=True)
