"""The JSON parser of every endpoint: DRF's, refusing a document nested too deep (D105).

A body nested 1,000 levels deep exhausted Python's recursion limit inside the standard JSON
decoder, a 500 on every endpoint that reads JSON, before any permission or serializer ran.
The nesting is measured first, without recursion, and a document deeper than
``API_JSON_MAX_DEPTH`` is a 400 (``parse_error``) in the one error shape.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# A string (skipped whole, escapes included) or one bracket.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")


def json_depth_exceeds(document: bytes, limit: int) -> bool:
    """Whether arrays and objects in ``document`` nest deeper than ``limit``."""
    depth = 0
    for match in _TOKENS.finditer(document):
        first = match.group()[0]
        if first in _OPENING:
            depth += 1
            if depth > limit:
                return True
        elif first != 0x22:  # a closing bracket; strings (0x22 is '"') change nothing
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        document = stream.read() if stream is not None else b""
        limit = settings.API_JSON_MAX_DEPTH
        if json_depth_exceeds(document, limit):
            raise ParseError(
                _("The JSON document nests deeper than %(limit)d levels.") % {"limit": limit}
            )
        return super().parse(io.BytesIO(document), media_type, parser_context)
