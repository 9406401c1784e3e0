"""Webhook signatures, shared by the sender and by tests (and mirrored by the partner guide's
stdlib example client). Two schemes, D180:

Standard Webhooks (https://www.standardwebhooks.com/, the one partners should verify):

    webhook-id: <delivery id; the receiver's de-duplication key, the same on every retry>
    webhook-timestamp: <unix seconds>
    webhook-signature: v1,<base64 HMAC-SHA256(key, f"{id}.{timestamp}.{body}")>

where `key` is the base64 after the secret's `whsec_` prefix, decoded. Secrets made before
D180 were `whsec_` + 64 hex digits: hex digits are base64 too, so such a secret is a valid
Standard Webhooks secret as it stands (48 key bytes) and nobody has to rotate.

The exchange's own scheme, sent beside it while WEBHOOK_LEGACY_SIGNATURE is on (deprecated):

    X-Giaothuong-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>
    X-Giaothuong-Delivery: <delivery id>

keyed by the whole secret string. In both, the timestamp is part of the signed text, so a
receiver that refuses signatures older than `WEBHOOK_TOLERANCE_SECONDS` (300) cannot be fed a
captured delivery again later. X-Giaothuong-Event (the event name) is always sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
SIGNATURE_HEADER = "X-Giaothuong-Signature"
EVENT_HEADER = "X-Giaothuong-Event"
DELIVERY_HEADER = "X-Giaothuong-Delivery"
STANDARD_ID_HEADER = "webhook-id"
STANDARD_TIMESTAMP_HEADER = "webhook-timestamp"
STANDARD_SIGNATURE_HEADER = "webhook-signature"
WEBHOOK_TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature header is missing, malformed, wrong or too old."""


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks signature: the secret's base64 part, decoded."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the secret is not whsec_ followed by base64") from None
    if not key:
        raise SignatureError("the secret is empty")
    return key


def standard_signature(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`."""
    signed = f"{msg_id}.{int(timestamp)}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def standard_headers(
    *, secret: str, msg_id: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    """The three Standard Webhooks headers of one delivery attempt."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    return {
        STANDARD_ID_HEADER: msg_id,
        STANDARD_TIMESTAMP_HEADER: str(t),
        STANDARD_SIGNATURE_HEADER: standard_signature(
            secret=secret, msg_id=msg_id, timestamp=t, body=body
        ),
    }


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the deprecated X-Giaothuong-Signature header, signed now (or at
    `timestamp`)."""
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
    """Check a received X-Giaothuong-Signature header; returns its timestamp or raises
    SignatureError.

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
