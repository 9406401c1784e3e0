"""schema.org JSON-LD of the site's pages (D199): Product with its Offer and AggregateRating,
the storefront as an Organization (LocalBusiness), BreadcrumbList. Built from the same dicts
the page shows (the API's shapes), so the markup cannot say what the page does not."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from catalog.models import Category
from catalog.selectors import categories
from core.site import site_url
from web.templatetags.web_extras import localized

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
