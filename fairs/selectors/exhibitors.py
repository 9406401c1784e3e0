"""Reads on exhibitor applications and fair showcases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from catalog.models import Product
from catalog.selectors import certificates_valid_on, product_cards_public
from fairs.models import (
    HOLDING_STATUSES,
    PUBLISHED_FAIR_STATUSES,
    ApplicationStatus,
    ExhibitorApplication,
    Fair,
    FairOrganizer,
    ShowcaseItem,
)
from marketplace.models import VendorMembership, VendorStatus
from marketplace.permissions import AnyUser, is_moderator


def showcase_item_public_filter(prefix: str = "") -> Q:
    """Showcase rows that are public: the application holds booths at a published fair."""
    return Q(
        **{
            f"{prefix}application__status__in": HOLDING_STATUSES,
            f"{prefix}application__fair__status__in": PUBLISHED_FAIR_STATUSES,
        }
    )


def fair_slugs_for_products(*, product_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each product id, the slugs of published fairs whose showcase includes it (one query).

    Products shown nowhere map to an empty list, so callers can index the result directly.
    """
    ids = list(product_ids)
    result: dict[int, list[str]] = {pid: [] for pid in ids}
    if not ids:
        return result
    rows = (
        ShowcaseItem.objects.filter(showcase_item_public_filter(), product_id__in=ids)
        .values_list("product_id", "application__fair__slug")
        .distinct()
        .order_by("product_id", "application__fair__slug")
    )
    for product_id, slug in rows:
        result[product_id].append(slug)
    return result


def application_list_shape(qs: QuerySet[ExhibitorApplication]) -> QuerySet[ExhibitorApplication]:
    return qs.select_related("fair", "vendor", "vendor__province", "booth_type").prefetch_related(
        Prefetch(
            "showcase_items",
            queryset=ShowcaseItem.objects.select_related("product").order_by("position", "id"),
        )
    )


def application_list_for_fair(fair: Fair) -> QuerySet[ExhibitorApplication]:
    """All applications to `fair` (for its organizers), in the order they arrived."""
    return application_list_shape(fair.applications.all()).order_by("submitted_at", "id")


def application_list_for_user(user: AnyUser) -> QuerySet[ExhibitorApplication]:
    """Applications `user` may open: its storefronts', those to fairs it runs; all for a
    moderator."""
    qs = ExhibitorApplication.objects.all()
    if not is_moderator(user):
        if not user.is_authenticated:
            return qs.none()
        qs = qs.filter(
            Exists(VendorMembership.objects.filter(vendor=OuterRef("vendor"), user_id=user.pk))
            | Exists(FairOrganizer.objects.filter(fair=OuterRef("fair"), user_id=user.pk))
        )
    return application_list_shape(qs).order_by("-submitted_at", "-id")


def application_list_of_fair_for(
    fair: Fair, user: AnyUser, *, manager: bool
) -> QuerySet[ExhibitorApplication]:
    """The applications to `fair` that `user` may see: all of them for its managers (in the
    order they arrived), else its storefronts' (newest first)."""
    if manager:
        return application_list_for_fair(fair)
    return application_list_for_user(user).filter(fair=fair)


def waitlist_position(application: ExhibitorApplication) -> int | None:
    """1 for the first in line of its booth type; None when not waiting."""
    if application.status != ApplicationStatus.WAITLISTED or application.waitlisted_at is None:
        return None
    ahead = ExhibitorApplication.objects.filter(
        booth_type_id=application.booth_type_id, status=ApplicationStatus.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=application.waitlisted_at)
        | Q(waitlisted_at=application.waitlisted_at, id__lt=application.pk)
    )
    return ahead.count() + 1


def showcase_products(fair: Fair) -> QuerySet[Product]:
    """Public products shown by the fair's exhibitors holding booths; none unless the fair is
    published (and not cancelled)."""
    if fair.status not in PUBLISHED_FAIR_STATUSES:
        return Product.objects.none()
    shown = ShowcaseItem.objects.filter(
        showcase_item_public_filter(), application__fair=fair
    ).values("product_id")
    return product_cards_public().filter(pk__in=shown)


def exhibitor_list_public(fair: Fair) -> QuerySet[ExhibitorApplication]:
    """The exhibitors a visitor sees (the public site's fair page): applications holding booths
    at a published fair, of approved storefronts, by booth number then storefront name. Contact
    details and tax codes stay in the organizers' export."""
    if fair.status not in PUBLISHED_FAIR_STATUSES:
        return ExhibitorApplication.objects.none()
    return (
        fair.applications.filter(status__in=HOLDING_STATUSES, vendor__status=VendorStatus.APPROVED)
        .select_related("vendor", "vendor__province", "booth_type")
        .order_by("booth_number", "vendor__display_name", "id")
    )


def products_in_fair(slug: str) -> QuerySet[ShowcaseItem, Any]:
    """Product ids shown at the published fair `slug` (for the product list's `fair` filter)."""
    return ShowcaseItem.objects.filter(
        showcase_item_public_filter(), application__fair__slug=slug
    ).values("product_id")


def exhibitor_export_rows(fair: Fair) -> list[dict[str, object]]:
    """One row per exhibitor holding booths, by booth number then storefront name."""
    applications = application_list_shape(fair.applications.filter(status__in=HOLDING_STATUSES))
    ids = [a.vendor_id for a in applications]
    best_stars = dict(
        certificates_valid_on()
        .filter(vendor_id__in=ids)
        .values("vendor_id")
        .annotate(best=Max("stars"))
        .values_list("vendor_id", "best")
    )
    rows = []
    for a in applications:
        rows.append(
            {
                "booth_number": a.booth_number,
                "storefront": a.vendor.display_name,
                "legal_name": a.vendor.legal_name,
                "tax_code": a.vendor.tax_code,
                "province": a.vendor.province.name,
                "contact_name": a.contact_name,
                "contact_phone": a.contact_phone,
                "contact_email": a.contact_email,
                "booth_type": a.booth_type.name,
                "quantity": a.quantity,
                "status": a.get_status_display(),
                "products": "; ".join(i.product.name for i in a.showcase_items.all()),
                "ocop_stars": best_stars.get(a.vendor_id) or "",
            }
        )
    rows.sort(key=lambda r: (r["booth_number"] == "", str(r["booth_number"]), str(r["storefront"])))
    return rows


def application_get_detail(*, application_id: int) -> ExhibitorApplication:
    """One application shaped for rendering (after a write: its reader is known to see it)."""
    return application_list_shape(ExhibitorApplication.objects.filter(pk=application_id)).get()
