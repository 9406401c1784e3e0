"""The figures a Department of Industry and Trade reports: storefronts, products, OCOP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone


def stats_public() -> dict[str, Any]:
    from catalog.models import Category, Product
    from catalog.selectors import certificates_valid_on, product_public_filter
    from marketplace.models import Province, Vendor, VendorStatus

    public = Product.objects.filter(product_public_filter())
    stars_by_product = dict(
        certificates_valid_on()
        .filter(product__in=public)
        .values("product_id")
        .annotate(best=Max("stars"))
        .values_list("product_id", "best")
    )
    by_stars = {str(s): 0 for s in (3, 4, 5)}
    for best in stars_by_product.values():
        by_stars[str(best)] += 1

    vendor_status = dict(
        Vendor.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    product_status = dict(
        Product.objects.filter(vendor__status=VendorStatus.APPROVED)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    provinces = {p.code: p.name for p in Province.objects.all()}
    vendors_by_province = dict(
        Vendor.objects.filter(status=VendorStatus.APPROVED)
        .values("province_id")
        .annotate(n=Count("id"))
        .values_list("province_id", "n")
    )
    products_by_province: dict[int, int] = {}
    ocop_by_province: dict[int, int] = {}
    product_rows = list(public.values_list("id", "origin_province_id", "category__path"))
    for pid, province_id, _path in product_rows:
        products_by_province[province_id] = products_by_province.get(province_id, 0) + 1
        if pid in stars_by_product:
            ocop_by_province[province_id] = ocop_by_province.get(province_id, 0) + 1
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

    roots = list(Category.objects.filter(parent__isnull=True).order_by("position", "name"))
    by_category = []
    for root in roots:
        in_root = [(pid, path) for pid, _prov, path in product_rows if path.startswith(root.path)]
        by_category.append(
            {
                "slug": root.slug,
                "name": root.name,
                "kind": root.kind,
                "products": len(in_root),
                "ocop_products": sum(1 for pid, _ in in_root if pid in stars_by_product),
            }
        )
    return {
        "as_of": timezone.localdate().isoformat(),
        "storefronts": {
            "approved": vendor_status.get(VendorStatus.APPROVED, 0),
            "by_status": vendor_status,
        },
        "products": {"published": len(product_rows), "by_status": product_status},
        "ocop": {"products": len(stars_by_product), "by_stars": by_stars},
        "by_province": by_province,
        "by_category": by_category,
    }


def stats_for_moderators() -> dict[str, Any]:
    """The public figures plus what only exchange staff see."""
    from catalog.models import OcopCertificate, Product, RuralIndustryAward
    from marketplace.models import Inquiry, Vendor
    from marketplace.selectors import moderation_queue_summary

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
