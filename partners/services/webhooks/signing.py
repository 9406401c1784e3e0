"""The webhook signature scheme, shared by the sender and by tests (and mirrored by the
partner guide's stdlib example client).

    X-Giaothuong-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>
    X-Giaothuong-Event: product.published
    X-Giaothuong-Delivery: <delivery id; the receiver's de-duplication key>

The timestamp is part of the signed text, so a receiver that refuses signatures older than
`WEBHOOK_TOLERANCE_SECONDS` (300) cannot be fed a captured delivery again later.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Giaothuong-Signature"
EVENT_HEADER = "X-Giaothuong-Event"
DELIVERY_HEADER = "X-Giaothuong-Delivery"
WEBHOOK_TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature header is missing, malformed, wrong or too old."""


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the signature header for this body, signed now (or at `timestamp`)."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={t},v1={_digest(secret, t, body)}"


def webhook_verify(
    *,
    secret: str,
    body: bytes,
    header: str | None,
    tolerance: int = WEBHOOK_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Check a received signature header; returns its timestamp or raises SignatureError.

    Several `v1=` values are accepted (any may match), so a sender may sign with an old and a
    new secret during a rotation without breaking receivers.
    """
    if not header:
        raise SignatureError("missing signature")
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("malformed timestamp") from None
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("malformed signature")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = _digest(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        raise SignatureError("signature does not match")
    return timestamp
