"""Request rates of people: by user or IP (settings). Partner requests are left to the
partners app's own throttle (each client at its own rate, D62).

The history lives in Django's default cache, so with ``CACHE_URL=redis://...`` every web
process shares one count. A refused request gets 429 with ``Retry-After`` in the one error
shape (core.api.errors).
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request

from core.api.clients import partner_key


class AnonRateThrottle(throttling.AnonRateThrottle):
    """Anonymous visitors by IP; partner requests are counted by PartnerRateThrottle instead."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if partner_key(request) is not None:
            return None
        return super().get_cache_key(request, view)


class UserRateThrottle(throttling.UserRateThrottle):
    """Signed-in people by user id (anonymous ones by IP); partner requests are not counted."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if partner_key(request) is not None:
            return None
        return super().get_cache_key(request, view)
