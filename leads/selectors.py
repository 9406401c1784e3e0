"""Reads of trade leads. One rule decides what the public sees (`lead_public_filter`): published
and not yet expired, today being the date in Asia/Ho_Chi_Minh, so a lead disappears from every
read at 00:00 on its expiry day without a job (like OCOP certificates, D146)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catalog.models import Category, Product
from catalog.selectors import category_with_descendants, product_public_filter
from leads.models import Lead, LeadKind, LeadMatch, LeadOffer, LeadStatus
from marketplace.models import Vendor, VendorMembership
from marketplace.permissions import AnyUser, is_moderator
from orders.models import Order


def lead_public_filter(day: dt.date | None = None) -> Q:
    day = day or timezone.localdate()
    return Q(status=LeadStatus.PUBLISHED, expires_on__gt=day)


def _shape(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    return qs.select_related(
        "category", "unit", "province", "commune", "vendor", "poster"
    ).prefetch_related("products")


def lead_list_public() -> QuerySet[Lead]:
    return _shape(Lead.objects.filter(lead_public_filter()))


def lead_list_matching_vendor(vendor: Vendor) -> QuerySet[Lead]:
    """Public buy leads matched to `vendor`'s products (the daily digest's matches, D148),
    newest first: the seller center's "to do today"."""
    return (
        Lead.objects.filter(lead_public_filter(), matches__vendor=vendor)
        .select_related("category", "province")
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


# The orders of the public board; the API's `ordering` filter names the same two.
LEAD_BOARD_ORDERINGS: dict[str, list[Any]] = {
    "newest": [F("published_at").desc(nulls_last=True), "-id"],
    "expiring": ["expires_on", "id"],
}


def lead_board(
    *,
    kind: str = "",
    category: str = "",
    province: int | None = None,
    ordering: str = "newest",
) -> QuerySet[Lead]:
    """The public board (the site's /tin-mua-ban/): public leads narrowed the way the API's
    filters narrow them (a category includes its descendants), newest or expiring first."""
    qs = lead_list_public()
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category__in=category_with_descendants(category))
    if province is not None:
        qs = qs.filter(province_id=province)
    return qs.order_by(*LEAD_BOARD_ORDERINGS.get(ordering, LEAD_BOARD_ORDERINGS["newest"]))


def lead_list_visible(user: AnyUser) -> QuerySet[Lead]:
    """What `user` may open: public leads, the leads it posted or its storefronts posted, or
    every lead for a moderator; everyone else gets 404 for the rest (no existence leak)."""
    qs = Lead.objects.all()
    if not is_moderator(user):
        visible = lead_public_filter()
        if user.is_authenticated:
            visible |= Q(poster_id=user.pk) | Q(
                vendor__in=VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
            )
        qs = qs.filter(visible)
    return _shape(qs)


def lead_for_vendors_of(user: AnyUser, qs: QuerySet[Lead]) -> QuerySet[Lead]:
    """`?for_me=1`: public buy leads matched to a storefront `user` is a member of."""
    if not user.is_authenticated:
        return qs.none()
    vendors = VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
    return qs.filter(Exists(LeadMatch.objects.filter(lead=OuterRef("pk"), vendor_id__in=vendors)))


def may_see_contact(user: AnyUser, lead: Lead) -> bool:
    """The contact of a lead shows to signed-in storefront members, its poster and moderators."""
    if not user.is_authenticated:
        return False
    if lead.poster_id == user.pk or is_moderator(user):
        return True
    return VendorMembership.objects.filter(user_id=user.pk).exists()


def lead_matching_vendors(lead: Lead) -> list[tuple[int, bool]]:
    """Storefronts with public products in the lead's category or below it, those of the
    lead's province first: (vendor id, same province) pairs."""
    categories = Category.objects.filter(path__startswith=lead.category.path)
    rows = (
        Product.objects.filter(product_public_filter(), category__in=categories)
        .values_list("vendor_id", "vendor__province_id")
        .distinct()
    )
    found = {vendor_id: province_id == lead.province_id for vendor_id, province_id in rows}
    return sorted(found.items(), key=lambda pair: (not pair[1], pair[0]))


def lead_review_snapshot(lead: Lead) -> dict[str, Any]:
    """The reviewed fields of a lead as JSON values (the moderation work list's diff)."""
    return {
        "kind": lead.kind,
        "title": lead.title,
        "description": lead.description,
        "category": lead.category_id,
        "quantity": lead.quantity,
        "unit": lead.unit_id,
        "target_price": lead.target_price,
        "province": lead.province_id,
        "commune": lead.commune_id,
        "needed_by": lead.needed_by.isoformat() if lead.needed_by else None,
        "expires_on": lead.expires_on.isoformat(),
    }


def lead_moderation_prepare(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    return qs.select_related("category", "unit", "province", "vendor", "poster")


def stats_leads_for_moderators() -> dict[str, Any]:
    """Leads posted, answered (at least one offer) and converted (the buyer ordered from a
    storefront that answered, after its offer), by category, kind and month of posting."""
    from_offer = LeadOffer.objects.filter(lead=OuterRef("pk"))
    rows = (
        Lead.objects.annotate(
            month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()),
            answered=Exists(from_offer),
            converted=Exists(
                from_offer.filter(
                    Exists(
                        Order.objects.filter(
                            vendor_id=OuterRef("vendor_id"),
                            buyer_id=OuterRef("lead__poster_id"),
                            placed_at__gte=OuterRef("created_at"),
                        )
                    )
                )
            ),
        )
        .values("month", "category__slug", "kind")
        .annotate(
            posted=Count("pk"),
            answered_count=Count("pk", filter=Q(answered=True)),
            converted_count=Count("pk", filter=Q(converted=True)),
        )
        .order_by("month", "category__slug", "kind")
    )
    return {
        "leads": [
            {
                "month": row["month"].strftime("%Y-%m") if row["month"] else None,
                "category": row["category__slug"],
                "kind": row["kind"],
                "posted": row["posted"],
                "answered": row["answered_count"],
                "converted": row["converted_count"],
            }
            for row in rows
        ],
        "leads_published_now": Lead.objects.filter(lead_public_filter()).count(),
        "buy_leads_pending": Lead.objects.filter(
            kind=LeadKind.BUY, status=LeadStatus.PENDING
        ).count(),
    }


def lead_list_posted_by(user: AnyUser) -> QuerySet[Lead]:
    """The leads a person posted, whatever their state, newest first (the account's
    /tai-khoan/tin-mua-ban/): what lead_list_visible lets the poster open."""
    if not user.is_authenticated:
        return Lead.objects.none()
    return lead_list_visible(user).filter(poster_id=user.pk).order_by("-created_at", "-id")


def lead_offer_list(lead: Lead) -> QuerySet[LeadOffer]:
    """The storefronts' answers to a buy lead, newest first, each with the inquiry thread it
    opened with the poster."""
    return (
        LeadOffer.objects.filter(lead=lead)
        .select_related("vendor", "inquiry__product")
        .order_by("-created_at", "-id")
    )
