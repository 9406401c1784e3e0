"""Request rates of partner clients: each at its own ``rate_limit_per_minute`` (D62).

Counted like people's rates (core.api.throttling, D88): one cache round trip per request in a
fixed one-minute window per client, shared by every web process when ``CACHE_URL`` is Redis.
A refused request gets 429 with ``Retry-After`` in the one error shape (core.api.errors).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from core.api.throttling import FixedWindowRateThrottle
from partners.api.authentication import request_partner


class PartnerRateThrottle(FixedWindowRateThrottle):
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
