"""Product cards of the site's pages: the API's card rows (catalog.api.serializers.product_cards)
with the page's link and the first picture ready for `<picture>`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from catalog.api.serializers import product_cards
from catalog.models import Product
from web.shop.pictures import picture

# Two cards a row on a phone, four from 720 px (site.css .cards).
CARD_SIZES = "(min-width: 720px) 25vw, 50vw"


# A slug the product page's URL pattern (<slug:slug>) takes, as Django's slug converter reads.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "0slug0"


def dress(card: dict[str, Any], product_url: str | None = None) -> dict[str, Any]:
    """The page's additions to an API card: its URL and its picture."""
    images = card.get("images") or []
    return {
        **card,
        "url": product_url or reverse("web:product", args=[card["slug"]]),
        "picture": picture(images[0] if images else None, CARD_SIZES),
    }


def dress_all(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """dress() for a page of cards, the product page's URL reversed once for the page (in its
    language) and each card's slug put in it: the URL reverse() gives for a slug the pattern
    takes; anything else goes through reverse() itself."""
    before, found, after = reverse("web:product", args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    dressed = []
    for card in rows:
        slug = card["slug"]
        fits = found and isinstance(slug, str) and SLUG.fullmatch(slug)
        dressed.append(dress(card, f"{before}{slug}{after}" if fits else None))
    return dressed


def cards(products: Iterable[Product]) -> list[dict[str, Any]]:
    """Cards of a page of products: the API's rows (every gallery in two queries), dressed."""
    return dress_all(product_cards(products))
