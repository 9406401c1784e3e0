"""Visitor ticket codes: random, unguessable, and signed so a forgery is refused unread.

A ticket has a random token (`secrets.token_urlsafe`, 128 bits) stored on the registration. What
the QR code carries is the token plus an HMAC-SHA256 signature made with Django's signing module
under a dedicated salt and key (`FAIRS_TICKET_SIGNING_KEY`, by default `SECRET_KEY`):

    GT1.<token>.<signature>

A scanner's code is verified before any database lookup, so a made-up or altered code costs
nothing and reveals nothing (not even whether such a token exists). The token alone never
admits anyone: a code is only accepted when its signature matches.
"""

from __future__ import annotations

import io
import secrets

import segno
from django.conf import settings
from django.core import signing

PREFIX = "GT1"
SALT = "giaothuong.fairs.ticket"
TOKEN_BYTES = 16
# Tokens and signatures are URL-safe base64; a code longer than this is not ours.
MAX_CODE_LENGTH = 120


class TicketCodeInvalid(Exception):
    """The code was not issued by this exchange (forged, altered, truncated or foreign)."""


def _signer() -> signing.Signer:
    return signing.Signer(
        key=settings.FAIRS_TICKET_SIGNING_KEY, salt=SALT, sep=".", algorithm="sha256"
    )


def token_new() -> str:
    """A fresh random token (22 characters) to store on a registration."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def code_for(token: str) -> str:
    """The signed code printed in the QR for `token`."""
    return f"{PREFIX}.{_signer().sign(token)}"


def token_from_code(code: str) -> str:
    """The token inside a signed code, or TicketCodeInvalid. No database access."""
    code = (code or "").strip()
    if len(code) > MAX_CODE_LENGTH or not code.startswith(PREFIX + "."):
        raise TicketCodeInvalid(code)
    try:
        return _signer().unsign(code[len(PREFIX) + 1 :])
    except signing.BadSignature as exc:
        raise TicketCodeInvalid(code) from exc


def _qr(code: str, *, kind: str, scale: int) -> bytes:
    # Error correction M: the code still reads through a crease or a smudge on paper.
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind=kind, scale=scale, border=4)
    return out.getvalue()


def qr_svg(code: str, *, scale: int = 4) -> bytes:
    return _qr(code, kind="svg", scale=scale)


def qr_png(code: str, *, scale: int = 6) -> bytes:
    return _qr(code, kind="png", scale=scale)
