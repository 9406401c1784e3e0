"""The fair report: what organizers tell the Department afterwards, all grouped in SQL.

Exhibitors by province and by sector (the root category of the products they show), OCOP
products shown by stars, booths, visitors registered and checked in, B2B meetings by outcome,
deals and their value in VND. Every figure is one grouped query (8 in all, whatever the size
of the fair), so the report costs the same for 10 exhibitors as for 1,000.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, StrIndex, Substr
from django.utils import timezone

from catalog.models import Category
from catalog.selectors import certificates_valid_on
from fairs.models import (
    HOLDING_STATUSES,
    ApplicationStatus,
    BoothType,
    CheckIn,
    ExhibitorApplication,
    Fair,
    Meeting,
    MeetingStatus,
    RegistrationStatus,
    ScanResult,
    ShowcaseItem,
    VisitorRegistration,
)


def _exhibitors_by_province(fair: Fair) -> list[dict[str, Any]]:
    rows = (
        ExhibitorApplication.objects.filter(fair=fair, status__in=HOLDING_STATUSES)
        .values("vendor__province_id", "vendor__province__name")
        .annotate(exhibitors=Count("vendor", distinct=True))
        .order_by("-exhibitors", "vendor__province__name")
    )
    return [
        {
            "code": r["vendor__province_id"],
            "name": r["vendor__province__name"],
            "exhibitors": r["exhibitors"],
        }
        for r in rows
    ]


def _shown(fair: Fair) -> Any:
    return ShowcaseItem.objects.filter(
        application__fair=fair, application__status__in=HOLDING_STATUSES
    )


def _exhibitors_by_sector(fair: Fair) -> list[dict[str, Any]]:
    # The root slug is the path up to its first "/" ("thuc-pham/che/" → "thuc-pham").
    path = "product__category__path"
    rows = (
        _shown(fair)
        .annotate(root=Substr(path, 1, StrIndex(path, Value("/")) - 1))
        .values("root")
        .annotate(
            exhibitors=Count("application__vendor", distinct=True),
            products=Count("product", distinct=True),
        )
        .order_by("-exhibitors", "root")
    )
    names = dict(Category.objects.filter(parent=None).values_list("slug", "name"))
    return [
        {
            "slug": r["root"],
            "name": names.get(r["root"], r["root"]),
            "exhibitors": r["exhibitors"],
            "products": r["products"],
        }
        for r in rows
    ]


def _products_by_stars(fair: Fair) -> dict[str, Any]:
    best = (
        certificates_valid_on(timezone.localdate())
        .filter(product=OuterRef("product_id"))
        .order_by("-stars")
        .values("stars")[:1]
    )
    rows = (
        _shown(fair)
        .annotate(stars=Subquery(best, output_field=IntegerField()))
        .values("stars")
        .annotate(products=Count("product", distinct=True))
        .order_by("stars")
    )
    by_stars = {str(s): 0 for s in (3, 4, 5)}
    total = 0
    for r in rows:
        total += r["products"]
        if r["stars"]:
            by_stars[str(r["stars"])] = r["products"]
    return {"shown": total, "ocop": sum(by_stars.values()), "ocop_by_stars": by_stars}


def _exhibitor_totals(fair: Fair) -> dict[str, int]:
    return ExhibitorApplication.objects.filter(fair=fair).aggregate(
        exhibitors=Count("vendor", distinct=True, filter=Q(status__in=HOLDING_STATUSES)),
        booths_held=Coalesce(Sum("quantity", filter=Q(status__in=HOLDING_STATUSES)), 0),
        checked_in=Count("id", filter=Q(status=ApplicationStatus.CHECKED_IN)),
        waitlisted=Count("id", filter=Q(status=ApplicationStatus.WAITLISTED)),
        applications=Count("id"),
    )


def _booths_total(fair: Fair) -> int:
    return int(BoothType.objects.filter(fair=fair).aggregate(n=Coalesce(Sum("count"), 0))["n"])


def _visitors(fair: Fair) -> dict[str, Any]:
    figures = VisitorRegistration.objects.filter(fair=fair).aggregate(
        registered=Count("id", filter=Q(status=RegistrationStatus.ACTIVE)),
        cancelled=Count("id", filter=Q(status=RegistrationStatus.CANCELLED)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
    )
    figures["capacity"] = fair.visitor_capacity
    return figures


def _scans(fair: Fair) -> dict[str, int]:
    return CheckIn.objects.filter(fair=fair).aggregate(
        scans=Count("id"),
        scans_refused=Count("id", filter=Q(result=ScanResult.REFUSED)),
    )


def _meetings(fair: Fair) -> dict[str, int]:
    def n(status: str) -> Count:
        return Count("id", filter=Q(status=status))

    return Meeting.objects.filter(fair=fair).aggregate(
        requested=Count("id"),
        pending=n(MeetingStatus.REQUESTED),
        accepted=n(MeetingStatus.ACCEPTED),
        declined=n(MeetingStatus.DECLINED),
        held=n(MeetingStatus.HELD),
        no_show=n(MeetingStatus.NO_SHOW),
        cancelled=n(MeetingStatus.CANCELLED),
        deals=Count("id", filter=Q(deal_signed=True)),
        deal_value=Coalesce(Sum("deal_value"), 0),
    )


def fair_report(fair: Fair) -> dict[str, Any]:
    """Every figure of the report (9 queries)."""
    exhibitors = _exhibitor_totals(fair)
    exhibitors["booths_total"] = _booths_total(fair)
    meetings = _meetings(fair)
    return {
        "fair": fair,
        "generated_at": timezone.now(),
        "exhibitors": {
            **exhibitors,
            "by_province": _exhibitors_by_province(fair),
            "by_sector": _exhibitors_by_sector(fair),
        },
        "products": _products_by_stars(fair),
        "visitors": {**_visitors(fair), **_scans(fair)},
        "meetings": {k: v for k, v in meetings.items() if k not in ("deals", "deal_value")},
        "deals": {"count": meetings["deals"], "value": meetings["deal_value"]},
    }
