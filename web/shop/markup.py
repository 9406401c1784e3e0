"""The markup repeated many times on a page — a product card, a `<picture>`, a facet's options —
written in Python rather than as template includes inside loops (D239).

A results page shows 20 cards and some fifty facet links; as includes and `{% for %}` bodies
they were some 650 template nodes and 400 variable lookups a page, the largest part of the
page's own Python. These functions write the same bytes the templates wrote (escaping each
value as the template engine does: `conditional_escape(localize(value))`); the tags of
web/templatetags/web_cards.py put them in the templates, and tests/web/test_markup.py holds
them equal to the templates they replaced."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from web.templatetags.web_extras import localized, vnd


def _out(value: Any) -> str:
    """`{{ value }}` as the template engine writes it (autoescape on)."""
    if type(value) is str:  # not SafeString: conditional_escape's own test, without its cost
        return html.escape(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() gives an int then, without its format lookups
    if isinstance(value, Promise):  # a lazy translation: the template would print its text
        return _out(str(value))
    if value is None:
        return "None"
    if isinstance(value, str):
        return str(conditional_escape(value))
    return str(conditional_escape(localize(value)))


def picture(pic: Mapping[str, Any], alt: Any, eager: bool) -> SafeString:
    """One `<picture>` (web.shop.pictures.picture's dict): the other formats' sources, the
    fallback `<img>`; eager for the picture a page opens with, lazy otherwise."""
    sizes = _out(pic.get("sizes", ""))
    sources = "".join(
        f'<source type="{_out(source.get("type", ""))}" srcset="{_out(source.get("srcset", ""))}"'
        f' sizes="{sizes}">'
        for source in pic.get("sources") or ()
    )
    loading = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
    return mark_safe(  # noqa: S308 — every value above is escaped
        f'<picture>{sources}<img src="{_out(pic.get("src", ""))}"'
        f' srcset="{_out(pic.get("srcset", ""))}" sizes="{sizes}"'
        f' width="{_out(pic.get("width", ""))}" height="{_out(pic.get("height", ""))}"'
        f' alt="{_out(alt)}"{loading}></picture>\n'
    )


def product_card(card: Mapping[str, Any]) -> SafeString:
    """A product card (the API's card row, dressed by web.shop.cards.dress)."""
    url = card.get("url")
    name = _out(card.get("name", ""))
    pic = card.get("picture")
    image = (
        picture(pic, card.get("name", ""), False)
        if pic
        else ('<span class="noimg" aria-hidden="true"></span>')
    )
    link = f'<a href="{_out(url)}">' if url else ""
    end = "</a>" if url else ""
    stars = card.get("ocop_stars")
    stars_line = ""
    if stars:
        label = ngettext("OCOP %(stars)s star", "OCOP %(stars)s stars", stars) % {
            "stars": _out(stars)
        }
        stars_line = f'<p class="stars" aria-label="{label}">OCOP {_out(stars)}★</p>'
    if card.get("price_on_request") or card.get("price") is None:
        price = gettext("Price on request")
    else:
        price = f"{_out(vnd(card['price']))} ₫ / {_out(localized(card.get('unit')))}"
    vendor = card.get("vendor")
    seller = _out(vendor.get("display_name", "")) if isinstance(vendor, Mapping) else ""
    return mark_safe(  # noqa: S308 — every value above is escaped
        f'<article class="card">\n  {link}\n    {image}\n    <h3>{name}</h3>\n  {end}\n'
        f"  {stars_line}\n"
        f'  <p class="price">{price}</p>\n'
        f'  <p class="seller">{seller}</p>\n'
        "</article>\n"
    )


def _grouping() -> Callable[[Any], str]:
    """humanize's `intcomma` for this page's language, its three format lookups done once:
    number_format(value, use_l10n=True, force_grouping=True) with them; not an int, intcomma."""
    lang = get_language()
    decimal = get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
    grouping = get_format("NUMBER_GROUPING", lang, use_l10n=True)
    thousands = get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)

    def grouped(value: Any) -> str:
        if type(value) is not int:
            return str(intcomma(value))
        return numberformat.format(
            value, decimal, None, grouping, thousands, force_grouping=True, use_l10n=True
        )

    return grouped


def facet_options(options: Iterable[Mapping[str, Any]]) -> SafeString:
    """A facet group's options, each a link that sets its parameter (or removes it, chosen)."""
    intcomma_ = _grouping()
    items = []
    for option in options:
        selected = option.get("selected")
        chosen = ' aria-current="true" class="chosen"' if selected else ""
        tick = '<span aria-hidden="true">✓ </span>' if selected else ""
        items.append(
            f'<li class="depth-{_out(option.get("depth") or 0)}"><a href="{_out(option["url"])}"'
            f'{chosen} rel="nofollow">{tick}{_out(option["label"])}'
            f' <span class="n">({_out(intcomma_(option["count"]))})</span></a></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 — every value above is escaped


def ordering_options(orderings: Iterable[tuple[str, Any]], chosen: Any) -> SafeString:
    """The sort order's `<option>`s, the chosen one selected."""
    return mark_safe(  # noqa: S308 — every value is escaped
        "".join(
            f'<option value="{_out(key)}"{" selected" if chosen == key else ""}>{_out(label)}'
            "</option>"
            for key, label in orderings
        )
    )
