"""The client's address: the one place the exchange reads it (D106).

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as
the proxies the exchange was told about: with ``NUM_PROXIES = n`` the address is the entry ``n``
hops from the right end of the header (each trusted proxy appends the address it saw), and with
``NUM_PROXIES = 0`` (the default) the header is ignored and the connection's own address
counts. Every rate keyed by address (core.api.throttling) goes through ``client_address``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """The address of the client behind ``request`` (a DRF or Django request)."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # The right-most entries were written by our own proxies; the one n hops back is the
    # address the outermost trusted proxy saw. A shorter header cannot reach past our proxies.
    return hops[-min(proxies, len(hops))]
