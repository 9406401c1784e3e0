"""The figures a Department of Industry and Trade reports: storefronts, products, OCOP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone


def stats_public() -> dict[str, Any]:
    from catalog.models import Category, Product
    from catalog.selectors import certificates_valid_on, product_public_filter
    from marketplace.models import Province, Vendor, VendorStatus

    public = Product.objects.filter(product_public_filter())
    # Every count is grouped in the database: nothing here grows with the catalogue in Python.
    best = (
        certificates_valid_on()
        .filter(product=OuterRef("pk"))
        .order_by("-stars")
        .values("stars")[:1]
    )
    with_stars = public.annotate(best=Subquery(best, output_field=IntegerField()))
    certified = with_stars.filter(best__isnull=False)
    by_stars = {str(s): 0 for s in (3, 4, 5)}
    for stars, n in certified.values("best").annotate(n=Count("id")).values_list("best", "n"):
        by_stars[str(stars)] = n

    vendor_status = dict(
        Vendor.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    product_status = dict(
        Product.objects.filter(vendor__status=VendorStatus.APPROVED)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    def per_province(qs: Any, field: str) -> dict[int, int]:
        return dict(qs.values(field).annotate(n=Count("id")).values_list(field, "n"))

    provinces = {p.code: p.name for p in Province.objects.all()}
    vendors_by_province = per_province(
        Vendor.objects.filter(status=VendorStatus.APPROVED), "province_id"
    )
    products_by_province = per_province(public, "origin_province_id")
    ocop_by_province = per_province(certified, "origin_province_id")
    by_province = [
        {
            "code": code,
            "name": provinces.get(code, ""),
            "storefronts": vendors_by_province.get(code, 0),
            "products": products_by_province.get(code, 0),
            "ocop_products": ocop_by_province.get(code, 0),
        }
        for code in sorted(set(vendors_by_province) | set(products_by_province))
    ]

    by_category = []
    for root in Category.objects.filter(parent__isnull=True).order_by("kind", "position", "name"):
        in_root = with_stars.filter(category__path__startswith=root.path)
        counts = in_root.aggregate(
            products=Count("id"), ocop_products=Count("id", filter=Q(best__isnull=False))
        )
        by_category.append({"slug": root.slug, "name": root.name, "kind": root.kind, **counts})
    published = sum(products_by_province.values())
    ocop_total = sum(by_stars.values())
    return {
        "as_of": timezone.localdate().isoformat(),
        "storefronts": {
            "approved": vendor_status.get(VendorStatus.APPROVED, 0),
            "by_status": vendor_status,
        },
        "products": {"published": published, "by_status": product_status},
        "ocop": {"products": ocop_total, "by_stars": by_stars},
        "by_province": by_province,
        "by_category": by_category,
    }


def stats_for_moderators() -> dict[str, Any]:
    """The public figures plus what only exchange staff see."""
    from catalog.models import OcopCertificate, Product, RuralIndustryAward
    from marketplace.models import Vendor
    from marketplace.moderation import moderation_queue_summary
    from orders.models import Inquiry

    data = stats_public()
    today = timezone.localdate()

    def by(qs: Any, *fields: str) -> list[dict[str, Any]]:
        return list(qs.values(*fields).annotate(count=Count("id")).order_by(*fields))

    data["moderation"] = {
        "queue": moderation_queue_summary(),
        "storefronts_by_kind_and_status": by(Vendor.objects, "kind", "status"),
        "products_by_status_all_storefronts": by(Product.objects, "status"),
        "certificates_by_status": by(OcopCertificate.objects, "status"),
        "certificates_verified_past_expiry": OcopCertificate.objects.filter(
            status="verified", expires_on__lte=today
        ).count(),
        "certificates_expiring_within_90_days": OcopCertificate.objects.filter(
            Q(status="verified"),
            expires_on__gt=today,
            expires_on__lte=today + dt.timedelta(days=90),
        ).count(),
        "awards_by_level": by(RuralIndustryAward.objects.filter(status="verified"), "level"),
        "inquiries_by_status": by(Inquiry.objects, "status"),
    }
    return data
