"""One HTTP POST to a partner's endpoint, with the standard library only.

Called by the delivery task outside any database transaction. Redirects are not followed (a
3xx counts as a failure, so a delivery can never be bounced to another host), the response
body is read only up to a small excerpt, and every network problem comes back as a result,
never as an exception.

The exchange must not be made to call into its own network (SSRF, D107). A subscription's URL
is checked when it is saved, but a host name can resolve to anything, and differently later.
So at delivery time the host is resolved once, every address it resolves to must be public
(``ipaddress``'s ``is_global``, and not multicast), and the connection is made to the very
address that was checked — the name is never resolved again, so a DNS answer that changes
between the check and the connection (rebinding) cannot swap it. The Host header, TLS SNI and
certificate check still use the name. Loopback is allowed only with
``WEBHOOK_ALLOW_LOCAL_HTTP`` (development and tests). Environment proxies are not used: the
address checked must be the address called.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

EXCERPT_BYTES = 1024


@dataclass(frozen=True)
class PostResult:
    status_code: int | None  # None: no HTTP answer at all (refused, timeout, TLS error)
    body_excerpt: str
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class AddressRefused(Exception):
    """The host resolves to an address the exchange must not call."""


IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_allowed(address: IpAddress, *, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not address.is_multicast


def resolve_public(host: str, port: int, *, allow_loopback: bool) -> str:
    """The address to connect to for ``host``: resolved once, every answer checked."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"{host} could not be resolved: {exc}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in answers]
    if not addresses:
        raise OSError(f"{host} could not be resolved")
    refused = [a for a in addresses if not address_allowed(a, allow_loopback=allow_loopback)]
    if refused:
        raise AddressRefused(f"refused: {host} resolves to a non-public address ({refused[0]})")
    return str(addresses[0])


def _pinned(connection_class: type[http.client.HTTPConnection], address: str) -> Callable[..., Any]:
    """A connection class for urllib that connects to ``address`` whatever the host name."""

    def connection(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = connection_class(host, **kwargs)

        def create_connection(
            target: tuple[str, int], timeout: Any = None, source: Any = None
        ) -> socket.socket:
            return socket.create_connection((address, target[1]), timeout, source)

        conn._create_connection = create_connection  # type: ignore[attr-defined]
        return conn

    return connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_pinned(http.client.HTTPConnection, self.address), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _pinned(http.client.HTTPSConnection, self.address),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _opener(address: str) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirect,
        _PinnedHTTPHandler(address),
        _PinnedHTTPSHandler(address),
    )


def _excerpt(raw: bytes) -> str:
    return raw[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def webhook_post(*, url: str, body: bytes, headers: dict[str, str], timeout: float) -> PostResult:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (http/https only, checked on subscribe)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve_public(
            parts.hostname or "", port, allow_loopback=settings.WEBHOOK_ALLOW_LOCAL_HTTP
        )
    except AddressRefused as exc:
        return PostResult(None, "", str(exc)[:500])
    except (OSError, ValueError) as exc:
        return PostResult(None, "", f"connection failed: {exc}"[:500])
    try:
        with _opener(address).open(request, timeout=timeout) as response:
            return PostResult(response.status, _excerpt(response.read(EXCERPT_BYTES)), "")
    except urllib.error.HTTPError as exc:
        try:
            raw = exc.read(EXCERPT_BYTES)
        except OSError:
            raw = b""
        finally:
            exc.close()
        return PostResult(exc.code, _excerpt(raw), f"HTTP {exc.code}")
    except TimeoutError:
        return PostResult(None, "", f"timed out after {timeout:g} s")
    except urllib.error.URLError as exc:
        return PostResult(None, "", f"connection failed: {exc.reason}"[:500])
    except (OSError, ValueError) as exc:
        return PostResult(None, "", f"{type(exc).__name__}: {exc}"[:500])
