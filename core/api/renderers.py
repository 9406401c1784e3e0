"""JSON out: the API's renderer (orjson, byte-for-byte what DRF's JSONRenderer writes) and the
value formats the plain row functions share with DRF's fields (issue 11, D87).

DRF's JSONRenderer runs the standard library's encoder with `ensure_ascii=False`, compact
separators and no NaN, then escapes U+2028 and U+2029. This renderer writes the same bytes with
orjson (UTF-8, compact), escapes the same two characters, and hands every value orjson does not
know natively (lazy translations, dates, Decimals, query sets…) to DRF's own encoder, so they
come out as before. What orjson cannot write (an integer beyond 64 bits), and any indented
output (`Accept: application/json; indent=4`, the browsable API), goes to DRF's renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import orjson
from django.utils import timezone
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder as DRFEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_default = DRFEncoder().default


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            # What orjson refuses: DRF's renderer writes it or raises as it always did.
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF: JSON that is also a strict JavaScript subset (U+2028/U+2029 only occur in
        # strings, so replacing their UTF-8 bytes is safe).
        if b"\xe2\x80" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body


def json_datetime(value: dt.datetime | None) -> str | None:
    """A datetime as DRF's DateTimeField shows it: in the current time zone, ISO 8601, with
    "Z" for UTC."""
    if not value:
        return None
    current = timezone.get_current_timezone()
    if timezone.is_aware(value):
        value = value.astimezone(current)
    else:
        value = timezone.make_aware(value, current)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def json_date(value: dt.date | None) -> str | None:
    """A date as DRF's DateField shows it."""
    return value.isoformat() if value else None
