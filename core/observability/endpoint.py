"""`GET /metrics`: the Prometheus text format, for scrapers the operator allowed (D178).

Off (404) unless METRICS_TOKEN or METRICS_ALLOWED_NETWORKS is set. Each one that is set must
pass: a bearer token compared in constant time, and the client's address (core.api.addresses,
so X-Forwarded-For counts only behind NUM_PROXIES trusted proxies) inside one of the networks.
A scrape that fails either is refused with 403, in the one error shape.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from core.api.addresses import client_address
from core.api.errors import json_404, problem
from core.observability.metrics import SCRAPE_REGISTRY

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address_allowed(request: HttpRequest, spec: tuple[str, ...]) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in _networks(spec))


def _token_given(request: HttpRequest, token: str) -> bool:
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def scrape_allowed(request: HttpRequest) -> bool | None:
    """None when /metrics is off, else whether this request may read it."""
    token = settings.METRICS_TOKEN
    spec = tuple(settings.METRICS_ALLOWED_NETWORKS)
    if not token and not spec:
        return None
    if spec and not _address_allowed(request, spec):
        return False
    return not token or _token_given(request, token)


def exposition() -> bytes:
    """This process's counters (all gunicorn workers' in multiprocess mode), then the figures
    read at scrape time."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    return counted + generate_latest(SCRAPE_REGISTRY)


def metrics(request: HttpRequest) -> HttpResponse:
    allowed = scrape_allowed(request)
    if allowed is None:
        return json_404(request)
    if not allowed:
        detail = _("This address or token may not read the metrics.")
        return JsonResponse(problem(403, detail=detail), status=403)
    if request.method not in ("GET", "HEAD"):
        detail = _("This method is not allowed here.")
        return JsonResponse(problem(405, detail=detail), status=405, headers={"Allow": "GET, HEAD"})
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
