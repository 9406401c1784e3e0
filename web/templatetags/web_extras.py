"""Small template helpers of the site: a name in the page's language, amounts in đồng (JSON-LD
scripts are web.seo.jsonld's)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


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


@register.filter
def vnd(amount: Any) -> str:
    """An amount of đồng grouped by thousands as each language writes it: 45.000 in
    Vietnamese, 45,000 in English (Django's Vietnamese formats do not group)."""
    if amount is None or amount == "":
        return ""
    grouped = f"{int(amount):,}"
    return grouped if get_language() == "en" else grouped.replace(",", ".")
