"""What the page tests share: a picture with renditions (tests.factories.media), the JSON-LD
blocks of a page."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.factories.media import picture  # noqa: F401 (the site tests import it from here)

HTML = {"HTTP_ACCEPT": "text/html"}


def json_ld(html: str) -> list[dict[str, Any]]:
    """Every JSON-LD block of the page, parsed (a block that is not JSON fails the test)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def ld_of_type(html: str, kind: str) -> dict[str, Any]:
    found = [block for block in json_ld(html) if block.get("@type") == kind]
    assert len(found) == 1, json_ld(html)
    return found[0]


def meta(html: str, name: str) -> str | None:
    """The content of <meta property=name> or <meta name=name>."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match[1] if match else None
