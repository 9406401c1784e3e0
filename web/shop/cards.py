"""Product cards of the site's pages: the API's card rows (catalog.api.serializers.product_cards)
with the page's link and the first picture ready for `<picture>`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from catalog.api.serializers import product_cards
from catalog.models import Product
from web.shop.pictures import picture

# Two cards a row on a phone, four from 720 px (site.css .cards).
CARD_SIZES = "(min-width: 720px) 25vw, 50vw"


def dress(card: dict[str, Any]) -> dict[str, Any]:
    """The page's additions to an API card: its URL and its picture."""
    images = card.get("images") or []
    return {
        **card,
        "url": reverse("web:product", args=[card["slug"]]),
        "picture": picture(images[0] if images else None, CARD_SIZES),
    }


def cards(products: Iterable[Product]) -> list[dict[str, Any]]:
    """Cards of a page of products: the API's rows (every gallery in two queries), dressed."""
    return [dress(card) for card in product_cards(products)]
