"""Reads on the exchange: people, storefronts and their members, the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.models import AuditLog
from core.reference import ReferenceTable
from marketplace.models import (
    Commune,
    MemberRole,
    Province,
    User,
    Vendor,
    VendorMembership,
    VendorStatus,
)
from marketplace.permissions import AnyUser, is_moderator
from media.selectors import vendor_brand_prefetch

# The 2025 units of administration, by code, in every process (core/reference.py): lists name
# places through these instead of joining the two tables into their page query.
provinces: ReferenceTable[int, Province] = ReferenceTable(
    "provinces", lambda: Province.objects.in_bulk()
)
communes: ReferenceTable[int, Commune] = ReferenceTable(
    "communes", lambda: Commune.objects.in_bulk()
)


def _published_product_count() -> Coalesce:
    """A storefront's published products, counted per row of the page (an index-only scan of
    (vendor, status)), not by grouping every product of every storefront before the sort: the
    list then walks its partial index in order and stops after a page (D86). The product model
    lives on a floor above, so it is reached through the reverse relation, never imported."""
    product = Vendor._meta.get_field("products").related_model
    counted = (
        product._default_manager.filter(vendor=OuterRef("pk"), status="published")
        .order_by()
        .values("vendor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def vendor_list_public() -> QuerySet[Vendor]:
    """Approved storefronts by display name: the order of the partial index
    `vendor_public_name` (and `vendor_public_province_name` for the province filter)."""
    return (
        Vendor.objects.filter(status=VendorStatus.APPROVED)
        .annotate(product_count=_published_product_count())
        .prefetch_related(vendor_brand_prefetch())  # +2 queries per page: logo/banner, renditions
        .order_by("display_name", "id")
    )


def vendor_list_visible(user: AnyUser) -> QuerySet[Vendor]:
    qs = (
        Vendor.objects.select_related("province", "commune")
        .annotate(product_count=_published_product_count())
        .prefetch_related(vendor_brand_prefetch())
        .order_by("display_name", "id")
    )
    if is_moderator(user):
        return qs
    visible = Q(status=VendorStatus.APPROVED)
    if user.is_authenticated:
        visible |= Q(pk__in=VendorMembership.objects.filter(user_id=user.pk).values("vendor_id"))
    return qs.filter(visible)


def vendor_list_for_member(user: User) -> QuerySet[Vendor]:
    return Vendor.objects.filter(memberships__user=user).select_related("province", "commune")


def user_roles(user: User) -> list[str]:
    roles = ["buyer"]
    memberships = {m.role for m in user.vendor_memberships.all()}
    if MemberRole.OWNER in memberships:
        roles.append("vendor_owner")
    if memberships:
        roles.append("vendor_member")
    if user.is_organizer:
        roles.append("organizer")
    if user.is_moderator:
        roles.append("moderator")
    return roles


def audit_log_list() -> QuerySet[AuditLog]:
    return AuditLog.objects.select_related("actor", "target_type")


def user_email_taken(email: str) -> bool:
    """Whether an account already uses this e-mail (addresses are compared case-insensitively)."""
    return User.objects.filter(email__iexact=email.strip()).exists()


def vendor_counts_by_kind_and_status() -> list[dict[str, Any]]:
    """Moderators' figure: storefronts by type and status."""
    rows = Vendor.objects.values("kind", "status").annotate(count=Count("id"))
    return [dict(row) for row in rows.order_by("kind", "status")]


def vendor_review_snapshot(vendor: Vendor) -> dict[str, Any]:
    """What a moderator approves of a storefront, as JSON values (D95)."""
    return {
        "kind": vendor.kind,
        "legal_name": vendor.legal_name,
        "display_name": vendor.display_name,
        "tax_code": vendor.tax_code,
        "business_registration_number": vendor.business_registration_number,
        "commune": vendor.commune_id,
        "street_address": vendor.street_address,
        "phone": vendor.phone,
        "email": vendor.email,
        "website": vendor.website,
        "description": vendor.description,
    }


def vendor_moderation_prepare(queryset: QuerySet[Vendor]) -> QuerySet[Vendor]:
    """A page of the storefronts' work list: places and pictures joined once."""
    return queryset.select_related("province", "commune").prefetch_related(vendor_brand_prefetch())
