"""schema.org JSON-LD of the site's pages, the one module for it (D199, D221): Product with its
Offer and AggregateRating, the storefront as an Organization (LocalBusiness), a fair's Event,
BreadcrumbList, and `scripts()`, the `<script>` elements a page puts in its head. Built from
the same data the page shows (the API's shapes, the fair the page reads), so the markup cannot
say what the page does not."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from catalog.models import Category
from catalog.selectors import categories
from core.site import site_url
from fairs.models import Fair, FairKind, FairStatus
from web.templatetags.web_extras import localized

# What could close the script element or open a comment inside it (JSON allows \u escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _text(data: Any) -> SafeString:
    return SafeString(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    )


def scripts(blocks: Iterable[dict[str, Any]]) -> SafeString:
    """Each block as a `<script type="application/ld+json">`, safe whatever its texts hold."""
    return format_html_join(
        "", '<script type="application/ld+json">{}</script>', ((_text(b),) for b in blocks)
    )


AVAILABILITY = {
    "in_stock": "https://schema.org/InStock",
    "out_of_stock": "https://schema.org/OutOfStock",
    "preorder": "https://schema.org/PreOrder",
    "seasonal": "https://schema.org/LimitedAvailability",
}


def category_trail(category_id: int) -> list[Category]:
    """The category and its ancestors, root first (from the materialised path, in memory)."""
    by_path = {c.path: c for c in categories.rows().values()}
    category = categories[category_id]
    parts = category.path.strip("/").split("/")
    trail = [by_path.get("/".join(parts[: i + 1]) + "/") for i in range(len(parts))]
    return [c for c in trail if c is not None]


def breadcrumbs(items: list[tuple[str, str]]) -> dict[str, Any]:
    """[(name, path)] from the home page down; the last is the page itself."""
    base = site_url()
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": base + path}
            for i, (name, path) in enumerate(items, start=1)
        ],
    }


def _address(vendor: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": vendor.get("street_address") or "",
        "addressLocality": (vendor.get("commune") or {}).get("name", ""),
        "addressRegion": (vendor.get("province") or {}).get("name", ""),
        "addressCountry": "VN",
    }


def organization(vendor: dict[str, Any], url: str, logo: str | None) -> dict[str, Any]:
    """A storefront: a LocalBusiness (an Organization) with the identity the law asks for."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": vendor["display_name"],
        "legalName": vendor.get("legal_name") or vendor["display_name"],
        "url": url,
        "address": _address(vendor),
    }
    if vendor.get("tax_code"):
        data["taxID"] = vendor["tax_code"]
    if vendor.get("phone"):
        data["telephone"] = vendor["phone"]
    if vendor.get("email"):
        data["email"] = vendor["email"]
    if vendor.get("description"):
        data["description"] = vendor["description"]
    if logo:
        data["logo"] = data["image"] = logo
    rating = vendor.get("rating") or {}
    if rating.get("count"):
        data["aggregateRating"] = _rating(rating)
    return data


def _rating(rating: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "AggregateRating",
        "ratingValue": rating["average"],
        "reviewCount": rating["count"],
        "bestRating": 5,
        "worstRating": 1,
    }


def product(
    data: dict[str, Any], url: str, images: list[str], reviews: list[dict[str, Any]]
) -> dict[str, Any]:
    """A product page's Product: its Offer (price in VND, or none when it is on request: the
    offer then says so in its description), seller, rating and the reviews shown."""
    vendor = data["vendor"]
    offer: dict[str, Any] = {
        "@type": "Offer",
        "url": url,
        "priceCurrency": "VND",
        "availability": AVAILABILITY.get(
            data.get("availability") or "", "https://schema.org/InStock"
        ),
        "eligibleQuantity": {
            "@type": "QuantitativeValue",
            "minValue": data["min_order_quantity"],
            "unitText": localized(data["unit"]),
        },
        "seller": {
            "@type": "Organization",
            "name": vendor.get("legal_name") or vendor["display_name"],
        },
    }
    if data.get("price") is not None and not data.get("price_on_request"):
        offer["price"] = data["price"]
    else:
        offer["description"] = _("Price on request")
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": data["name"],
        "url": url,
        "sku": data["slug"],
        "category": localized(data["category"]),
        "brand": {"@type": "Brand", "name": vendor["display_name"]},
        "offers": offer,
    }
    if data.get("description"):
        ld["description"] = data["description"]
    if images:
        ld["image"] = images
    if data.get("gtin"):
        ld["gtin"] = data["gtin"]
    rating = data.get("rating") or {}
    if rating.get("count"):
        ld["aggregateRating"] = _rating(rating)
        ld["review"] = [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": review["author"] or settings.SITE_NAME},
                "datePublished": review["created_at"][:10],
                "reviewBody": review["text"],
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review["stars"],
                    "bestRating": 5,
                },
            }
            for review in reviews
        ]
    return ld


def event(fair: Fair, url: str) -> dict[str, Any]:
    """A fair's Event: dates, place (or the online link), status, the exchange as organizer,
    a free ticket unless cancelled (D201)."""
    region = fair.province.name if fair.province else ""
    place: dict[str, Any] = {
        "@type": "Place",
        "name": fair.venue or region,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": fair.street_address,
            "addressLocality": fair.commune.name if fair.commune else "",
            "addressRegion": region,
            "addressCountry": "VN",
        },
    }
    online = {"@type": "VirtualLocation", "url": fair.online_url} if fair.online_url else None
    location: Any = place
    if fair.kind == FairKind.ONLINE and online:
        location = online
    elif fair.kind == FairKind.HYBRID and online:
        location = [place, online]
    mode = {
        FairKind.PHYSICAL: "OfflineEventAttendanceMode",
        FairKind.ONLINE: "OnlineEventAttendanceMode",
        FairKind.HYBRID: "MixedEventAttendanceMode",
    }[FairKind(fair.kind)]
    status = "EventCancelled" if fair.status == FairStatus.CANCELLED else "EventScheduled"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": fair.name,
        "description": fair.description,
        "url": url,
        "startDate": timezone.localtime(fair.starts_at).isoformat(),
        "endDate": timezone.localtime(fair.ends_at).isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": location,
        "organizer": {"@type": "Organization", "name": settings.SITE_NAME, "url": site_url() + "/"},
    }
    if fair.status != FairStatus.CANCELLED:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "VND",
            "url": url + "#dang-ky",
            "validFrom": timezone.localtime(fair.registration_opens_at).isoformat(),
            "availability": "https://schema.org/InStock",
        }
    return data
