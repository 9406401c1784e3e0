"""One HTTP POST to a partner's endpoint, with the standard library only.

Called by the delivery task outside any database transaction. Redirects are not followed (a
3xx counts as a failure, so a delivery can never be bounced to another host), the response
body is read only up to a small excerpt, and every network problem comes back as a result,
never as an exception.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

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


_opener = urllib.request.build_opener(_NoRedirect)


def _excerpt(raw: bytes) -> str:
    return raw[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def webhook_post(*, url: str, body: bytes, headers: dict[str, str], timeout: float) -> PostResult:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (http/https only, checked on subscribe)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with _opener.open(request, timeout=timeout) as response:
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
