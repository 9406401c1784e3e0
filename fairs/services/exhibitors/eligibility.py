"""Who may apply to a fair, and why not: the registration window, the storefront, OCOP stars,
provinces, and the products chosen for the showcase (every failed rule reported together)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalog.models import Category, Product, ProductStatus
from catalog.selectors import certificates_valid_on
from fairs.models import Fair, FairStatus
from marketplace.models import Vendor, VendorStatus

MAX_SHOWCASE_PRODUCTS = 30


def _when(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def registration_errors(fair: Fair, *, now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    if fair.status != FairStatus.OPEN:
        return [
            _("Registration is closed: the fair is “%(status)s”.")
            % {"status": fair.get_status_display()}
        ]
    if now < fair.registration_opens_at:
        return [
            _("Registration is closed: it opens at %(when)s.")
            % {"when": _when(fair.registration_opens_at)}
        ]
    if now >= fair.registration_closes_at:
        return [
            _("Registration is closed: it closed at %(when)s.")
            % {"when": _when(fair.registration_closes_at)}
        ]
    return []


def product_errors(vendor: Vendor, products: Sequence[Product]) -> list[str]:
    errors: list[str] = []
    if not products:
        errors.append(_("Choose at least one of your published products to show."))
    if len(products) > MAX_SHOWCASE_PRODUCTS:
        errors.append(_("Choose at most %(n)s products.") % {"n": MAX_SHOWCASE_PRODUCTS})
    for product in products:
        if product.vendor_id != vendor.pk:
            # Say nothing about another storefront's product beyond its id.
            errors.append(
                _("Product #%(id)s is not one of your storefront's products.") % {"id": product.pk}
            )
        elif product.status != ProductStatus.PUBLISHED:
            errors.append(
                _("“%(name)s” is not published; only published products can be shown.")
                % {"name": product.name}
            )
    return errors


def eligibility_errors(
    *, fair: Fair, vendor: Vendor, products: Sequence[Product], now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """Every rule the storefront fails, keyed by what to fix; empty when it may apply."""
    errors: dict[str, list[str]] = {}
    registration = registration_errors(fair, now=now)
    if registration:
        errors["registration"] = registration
    if vendor.status != VendorStatus.APPROVED:
        errors["vendor"] = [
            _(
                "Your storefront is not approved (it is “%(status)s”); only approved "
                "storefronts may apply."
            )
            % {"status": vendor.get_status_display()}
        ]
    if fair.min_ocop_stars:
        best = (
            certificates_valid_on()
            .filter(vendor=vendor)
            .order_by("-stars")
            .values_list("stars", flat=True)
            .first()
        )
        if best is None or best < fair.min_ocop_stars:
            errors["ocop_stars"] = [
                _(
                    "This fair needs at least %(need)s OCOP stars; your best verified "
                    "certificate has %(have)s."
                )
                % {"need": fair.min_ocop_stars, "have": best or 0}
                if best
                else _(
                    "This fair needs at least %(need)s OCOP stars; your storefront has no "
                    "verified, unexpired OCOP certificate."
                )
                % {"need": fair.min_ocop_stars}
            ]
    allowed_provinces = list(fair.allowed_provinces.all())
    if allowed_provinces and vendor.province_id not in {p.pk for p in allowed_provinces}:
        errors["province"] = [
            _("Storefronts from %(province)s may not apply; this fair accepts: %(allowed)s.")
            % {
                "province": vendor.province.name,
                "allowed": ", ".join(p.name for p in allowed_provinces),
            }
        ]
    chosen = product_errors(vendor, products)
    if chosen:
        errors["products"] = chosen
    if products and not chosen:
        categories = category_errors(fair, products)
        if categories:
            errors["products"] = categories
    return errors


def category_errors(fair: Fair, products: Sequence[Product]) -> list[str]:
    """When the fair restricts categories, at least one chosen product must be in one of them
    (a category includes its descendants)."""
    allowed = list(fair.allowed_categories.all())
    if not allowed:
        return []
    prefixes = tuple(c.path for c in allowed)
    paths = Category.objects.filter(pk__in={p.category_id for p in products}).values_list(
        "path", flat=True
    )
    if any(path.startswith(prefixes) for path in paths):
        return []
    return [
        _("None of the chosen products is in a category this fair accepts: %(allowed)s.")
        % {"allowed": ", ".join(c.name for c in allowed)}
    ]
