"""Failed sign-ins counted per account, whatever address they come from (D106).

The sign-in rate (``THROTTLE_LOGIN``) is per client address; an attacker with many addresses
(or, before D106, a forged ``X-Forwarded-For``) got a fresh allowance for each. This counter is
keyed by the account asked for — the e-mail as typed, normalised (NFKC, trimmed, case-folded) and
hashed — so changing address changes nothing. After ``LOGIN_FAILURES_MAX`` failures in a window of
``LOGIN_FAILURES_WINDOW_SECONDS``, sign-in for that account answers 429 with ``Retry-After`` until
the window ends, even with the right password. Unknown e-mails are counted the same way, so the
answer never tells whether an account exists. A successful sign-in clears the count.

Counts live in Django's default cache (shared by every web process with ``CACHE_URL=redis://``),
in fixed windows like the rates (core.api.throttling, D88).
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

from core.api.throttling import counter_hit


def account_key(identifier: str) -> str:
    """The normalised account name a sign-in asked for, hashed (no address kept in the cache)."""
    normalised = unicodedata.normalize("NFKC", identifier).strip().casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


@dataclass(frozen=True)
class _Window:
    key: str
    ends: float


def _window(identifier: str) -> _Window:
    duration = max(int(settings.LOGIN_FAILURES_WINDOW_SECONDS), 1)
    account = account_key(identifier)
    offset = zlib.crc32(account.encode()) % duration
    now = time.time()
    window = int((now + offset) // duration)
    return _Window(f"login_failures:{account}:{window}", (window + 1) * duration - offset)


def sign_in_locked_for(identifier: str) -> float | None:
    """Seconds until ``identifier`` may try again, or None when it may try now."""
    window = _window(identifier)
    failures = caches[DEFAULT_CACHE_ALIAS].get(window.key) or 0
    if failures < settings.LOGIN_FAILURES_MAX:
        return None
    return max(window.ends - time.time(), 0.001)


def sign_in_failed(identifier: str) -> None:
    window = _window(identifier)
    duration = max(int(settings.LOGIN_FAILURES_WINDOW_SECONDS), 1)
    counter_hit(caches[DEFAULT_CACHE_ALIAS], window.key, duration)


def sign_in_succeeded(identifier: str) -> None:
    caches[DEFAULT_CACHE_ALIAS].delete(_window(identifier).key)
