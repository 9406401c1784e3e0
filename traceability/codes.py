"""A lot's public identity: the short trace code, the GS1 Digital Link URL, and its QR code.

- **Short code**: 12 characters of Crockford's base32 alphabet drawn by `secrets` (60 bits),
  so trace URLs cannot be enumerated (`/t/{code}`, `GET /api/v1/trace/{code}/`).
- **GS1 Digital Link** (GS1 Digital Link standard 1.x, URI syntax): when the product has a GTIN,
  the QR carries `{SITE}/01/{GTIN-14}/10/{lot code}`; the GTIN is written with 14 digits
  (left-padded with zeros) as the standard's canonical form asks, and the resolver accepts the
  8/12/13/14-digit forms. Lot codes are limited to letters, digits, `-`, `.` and `_` (a subset of
  GS1's character set 82 that needs no percent-encoding in a path) and 20 characters (AI 10).
- **QR**: `segno`, as the fairs' tickets, error correction M (D154).
"""

from __future__ import annotations

import io
import re
import secrets

import segno

from core.site import site_url

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
PUBLIC_CODE_LENGTH = 12
LOT_CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,20}$")
GTIN_RE = re.compile(r"^(\d{8}|\d{12}|\d{13}|\d{14})$")


def public_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))


def gtin14(gtin: str) -> str:
    """The canonical 14-digit form of an 8/12/13/14-digit GTIN."""
    return gtin.zfill(14)


def gtin_forms(gtin: str) -> list[str]:
    """Every stored form (8, 12, 13 or 14 digits) a GTIN from a URL may have in the catalogue."""
    if not GTIN_RE.match(gtin):
        return []
    full = gtin14(gtin)
    return [full[14 - n :] for n in (14, 13, 12, 8) if full[: 14 - n].strip("0") == ""]


def short_url(public_code: str) -> str:
    return f"{site_url()}/t/{public_code}"


def digital_link(gtin: str, lot_code: str) -> str:
    return f"{site_url()}/01/{gtin14(gtin)}/10/{lot_code}"


def trace_url(*, gtin: str, lot_code: str, public_code: str, serial: int | None = None) -> str:
    """What the QR on the package carries: the Digital Link when there is a GTIN. A stamp's
    serial number is GS1's AI 21, the key qualifier after the lot (`…/10/{lot}/21/{serial}`),
    or one more path segment of the short URL (`/t/{code}/{serial}`, D168)."""
    base = digital_link(gtin, lot_code) if gtin else short_url(public_code)
    if serial is None:
        return base
    return f"{base}/21/{serial}" if gtin else f"{base}/{serial}"


def qr(data: str, *, kind: str) -> bytes:
    out = io.BytesIO()
    scale = 4 if kind == "svg" else 8
    segno.make(data, error="m", micro=False).save(out, kind=kind, scale=scale, border=4)
    return out.getvalue()
