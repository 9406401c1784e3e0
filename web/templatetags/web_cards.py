"""The markup a page repeats (web/shop/markup.py) as template tags: `{% product_card card %}`,
`{% picture pic alt eager %}`, `{{ options|facet_options }}` and
`{% ordering_options orderings chosen %}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString

from web.shop import markup

register = template.Library()


@register.simple_tag
def product_card(card: Mapping[str, Any]) -> SafeString:
    return markup.product_card(card)


@register.simple_tag
def picture(pic: Mapping[str, Any], alt: Any = "", eager: bool = False) -> SafeString:
    return markup.picture(pic, alt, eager)


@register.filter
def facet_options(options: Iterable[Mapping[str, Any]]) -> SafeString:
    return markup.facet_options(options)


@register.simple_tag
def ordering_options(orderings: Iterable[tuple[str, Any]], chosen: Any) -> SafeString:
    return markup.ordering_options(orderings, chosen)
