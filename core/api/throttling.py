"""Request rates: people by user or IP (settings), and the one-round-trip counter every throttle
of the exchange uses. Partner requests are left to the partners app's own throttle (each client
at its own rate, D62), which counts with the same machinery.

DRF's ``SimpleRateThrottle`` keeps a list of timestamps per key: a ``get`` and a ``set`` per
throttle and request, and an anonymous request ran two of them (anon and user), four cache
round trips before the view started. Here every request is counted once, in a fixed window
per key (D88): one atomic ``INCR`` + ``EXPIRE`` in a single pipelined round trip on Redis, and
``incr`` (``add`` when the window opens) on any other cache backend. The rates, the 429 and its
``Retry-After`` (the seconds left in the window) are DRF's, in the one error shape
(core.api.errors).

The counts live in Django's default cache, so with ``CACHE_URL=redis://...`` every web process
shares them.
"""

from __future__ import annotations

import zlib
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling
from rest_framework.request import Request

from core.api.addresses import client_address
from core.api.clients import partner_key


def counter_hit(cache: BaseCache, key: str, timeout: int) -> int:
    """Adds one to the counter at ``key`` (created with ``timeout`` seconds to live) and returns
    the new count, in one round trip to Redis."""
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        client = cache._cache.get_client(full_key, write=True)
        pipeline = client.pipeline(transaction=True)
        pipeline.incr(full_key)
        # Every time, not only on creation: the key never outlives its window by more than one
        # timeout, whatever happens between two hits.
        pipeline.expire(full_key, timeout)
        count, _expiry_set = pipeline.execute()
        return int(count)
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)


class FixedWindowRateThrottle(throttling.SimpleRateThrottle):
    """DRF's rates and keys, counted per fixed window with one cache round trip (D88).

    Windows are ``duration`` long and shifted per key, so clients refused together are not
    all let in again in the same second."""

    num_requests: int | None
    duration: int | None
    window_ends: float = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        assert self.duration is not None and self.num_requests is not None  # noqa: S101
        self.now = self.timer()
        offset = zlib.crc32(key.encode()) % self.duration
        window = int((self.now + offset) // self.duration)
        self.window_ends = (window + 1) * self.duration - offset
        # The backend itself, not DRF's ``self.cache`` proxy, so counter_hit sees Redis.
        count = counter_hit(caches[DEFAULT_CACHE_ALIAS], f"{key}:{window}", self.duration)
        return count <= self.num_requests

    def get_ident(self, request: Request) -> str:
        """The client's address, trusting ``X-Forwarded-For`` only as far as ``NUM_PROXIES``."""
        return client_address(request)

    def wait(self) -> float | None:
        """Seconds until the window ends (DRF rounds them up into ``Retry-After``)."""
        return max(self.window_ends - self.now, 0.001)


class AnonRateThrottle(FixedWindowRateThrottle):
    """Anonymous visitors by IP; signed-in people and partner requests are counted elsewhere."""

    scope = "anon"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if partner_key(request) is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(FixedWindowRateThrottle):
    """Signed-in people by user id. Anonymous visitors are counted only by AnonRateThrottle
    (its rate is the lower one), partner requests only by the partners app."""

    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if partner_key(request) is not None or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ScopedRateThrottle(FixedWindowRateThrottle, throttling.ScopedRateThrottle):
    """DRF's ScopedRateThrottle (a view's ``throttle_scope``, e.g. sign-in) on the same counter."""

    def allow_request(self, request: Request, view: Any) -> bool:
        # DRF's ScopedRateThrottle reads the view's scope here, then counts as its parent does.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return FixedWindowRateThrottle.allow_request(self, request, view)
