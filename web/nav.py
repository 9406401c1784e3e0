"""The signed-in areas' menus (issue 16, D206): a buyer's account and a storefront's seller
center. One table each; a page appears in its menu as soon as its URL name exists, so each area
adds its pages without touching the layouts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# URL name → label. Account pages take no argument.
ACCOUNT_MENU = (
    ("web:account", _("My details")),
    ("web:cart", _("Cart")),
    ("web:orders", _("Orders")),
    ("web:inquiries", _("Questions and quotes")),
    ("web:my-leads", _("My trade leads")),
    ("web:tickets", _("Fair tickets")),
    ("web:account-data", _("My data")),
    ("web:seller", _("Seller center")),
)

# Seller center pages take the storefront's slug.
SELLER_MENU = (
    ("web:seller-dashboard", _("Today")),
    ("web:seller-orders", _("Orders")),
    ("web:seller-inquiries", _("Questions and quotes")),
    ("web:seller-products", _("Products")),
    ("web:seller-import", _("Bulk import")),
    ("web:seller-certificates", _("Certificates and awards")),
    ("web:seller-reviews", _("Reviews")),
    ("web:seller-complaints", _("Complaints")),
    ("web:seller-lots", _("Lots and stamps")),
    ("web:seller-fairs", _("Fairs")),
    ("web:seller-storefront", _("Storefront")),
    ("web:seller-members", _("Members")),
)


def _menu(request: HttpRequest, table: Any, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    items = []
    for name, label in table:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue  # that page is not built (yet)
        here = request.path == url or (url.count("/") > 3 and request.path.startswith(url))
        items.append({"url": url, "label": label, "current": here})
    return items


def account_menu(request: HttpRequest) -> list[dict[str, Any]]:
    return _menu(request, ACCOUNT_MENU, ())


def seller_menu(request: HttpRequest, vendor_slug: str) -> list[dict[str, Any]]:
    return _menu(request, SELLER_MENU, (vendor_slug,))
