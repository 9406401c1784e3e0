"""Reads on the exchange: people, storefronts and their members, the audit log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.models import AuditLog
from core.reference import ReferenceTable
from core.text import fold
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


# --- possible duplicates (D92) ---------------------------------------------------------------

# Words of a legal form, not of a name: "Công ty TNHH Bưởi Đoan Hùng" and "HTX Bưởi Đoan Hùng"
# are compared as "buoi doan hung". Folded, longest first.
_LEGAL_FORM = re.compile(
    r"\b(?:cong ty|trach nhiem huu han|tnhh|co phan|cp|mot thanh vien|mtv|hai thanh vien|"
    r"hop tac xa|htx|to hop tac|tht|ho kinh doanh|hkd|ho san xuat|co so|doanh nghiep tu nhan|"
    r"dntn|chi nhanh|san xuat|thuong mai|dich vu|xuat nhap khau|va)\b"
)
# SequenceMatcher ratio of the name keys, 0..1: a typo or two ("Chè Shan tuyết" / "Chè San
# tuyết" 0.96) is close, another place name ("Nông sản Thanh Sơn" / "… Thanh Ba" 0.86) is not.
DUPLICATE_SIMILARITY = 0.88
CONTAINED_SIMILARITY = 0.9  # one name's words, in order, inside the other's
DUPLICATE_LIMIT = 10


@dataclass(frozen=True)
class PossibleDuplicate:
    vendor: Vendor
    similarity: float  # 1.0 for the same name key; the same tax-code root counts as 1.0
    reason: str  # "name": names fold close; "tax_code": the same 10-digit root (a branch)


def vendor_name_key(name: str) -> str:
    """A name as compared for duplicates: folded (no case, no diacritics), legal-form words
    and punctuation dropped."""
    words = re.sub(r"[^0-9a-z]+", " ", fold(name))
    return " ".join(_LEGAL_FORM.sub(" ", words).split())


def _pair_similarity(key: str, candidate: str) -> float:
    if key == candidate:
        return 1.0
    if _numbers(key) != _numbers(candidate):
        return 0.0  # "HTX Nông sản 1" and "… 2": numbered units are told apart by number
    short, long = sorted((key, candidate), key=len)
    if " " in short and f" {short} " in f" {long} ":
        return CONTAINED_SIMILARITY  # "Ong Rừng Xanh" inside "Mật ong Rừng Xanh"
    matcher = SequenceMatcher(None, key, candidate, autojunk=False)
    if matcher.real_quick_ratio() < DUPLICATE_SIMILARITY:
        return 0.0
    if matcher.quick_ratio() < DUPLICATE_SIMILARITY:
        return 0.0
    return matcher.ratio()


def _numbers(key: str) -> set[str]:
    return {word for word in key.split() if word.isdigit()}


def _similarity(keys: set[str], other: tuple[str, ...]) -> float:
    return max(
        (_pair_similarity(key, candidate) for key in keys for candidate in other if candidate),
        default=0.0,
    )


def possible_duplicates(vendor: Vendor, *, limit: int = DUPLICATE_LIMIT) -> list[PossibleDuplicate]:
    """Other storefronts a moderator should compare with this one before deciding: those whose
    display or legal name folds close to one of this one's (legal forms aside), and those with
    the same 10-digit tax-code root (the head office of a branch, or its other branches), of
    any status; closest first. The names are compared in Python over two short columns of
    every storefront: provincial scale (thousands) reads them in a few milliseconds."""
    keys = {vendor_name_key(vendor.display_name), vendor_name_key(vendor.legal_name)} - {""}
    root = vendor.tax_code[:10] if len(vendor.tax_code) in (10, 14) else None
    found: dict[int, tuple[float, str]] = {}
    rows = Vendor.objects.exclude(pk=vendor.pk).values_list(
        "pk", "display_name", "legal_name", "tax_code"
    )
    for pk, display_name, legal_name, tax_code in rows.iterator(chunk_size=2000):
        if root is not None and tax_code[:10] == root and len(tax_code) in (10, 14):
            found[pk] = (1.0, "tax_code")
            continue
        other = (vendor_name_key(display_name), vendor_name_key(legal_name))
        score = _similarity(keys, other)
        if score >= DUPLICATE_SIMILARITY:
            found[pk] = (score, "name")
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    vendors = Vendor.objects.select_related("province").in_bulk([pk for pk, _ in ranked])
    return [
        PossibleDuplicate(vendors[pk], round(score, 3), reason)
        for pk, (score, reason) in ranked
        if pk in vendors
    ]
