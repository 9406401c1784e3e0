"""Small template helpers of the site: a name in the page's language, JSON-LD in a script tag."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# What could close the script element or open a comment inside it (JSON allows \u escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def localized(thing: Any) -> str:
    """A category's or unit's name in the page's language: `name_en` on English pages when it
    is filled, the Vietnamese `name` otherwise. Takes a dict (the API's shapes) or a model."""
    if thing is None:
        return ""
    get = thing.get if isinstance(thing, dict) else lambda key: getattr(thing, key, "")
    if get_language() == "en" and get("name_en"):
        return str(get("name_en"))
    return str(get("name") or "")


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """A schema.org JSON-LD block, safe inside <script> whatever the texts hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


@register.filter
def vnd(amount: Any) -> str:
    """An amount of đồng grouped by thousands as each language writes it: 45.000 in
    Vietnamese, 45,000 in English (Django's Vietnamese formats do not group)."""
    if amount is None or amount == "":
        return ""
    grouped = f"{int(amount):,}"
    return grouped if get_language() == "en" else grouped.replace(",", ".")
