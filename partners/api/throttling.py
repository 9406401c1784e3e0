"""Request rates of partner clients: each at its own ``rate_limit_per_minute`` (D62).

The history lives in Django's default cache, so with ``CACHE_URL=redis://...`` every web
process shares one count per client. A refused request gets 429 with ``Retry-After`` in the
one error shape (core.api.errors). People are counted by core.api.throttling.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request

from partners.api.authentication import request_partner


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Each partner client at its own ``rate_limit_per_minute``, keyed by client id."""

    scope = "partner"
    cache_format = "throttle_%(scope)s_%(ident)s"

    def __init__(self) -> None:
        # The rate is the client's own, known only per request (SimpleRateThrottle reads it
        # from settings in __init__).
        self.rate: str | None = None
        self.num_requests: int | None = None
        self.duration: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        client = request_partner(request)
        if client is None:
            return True
        self.rate = f"{client.rate_limit_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = request_partner(request)
        if client is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
