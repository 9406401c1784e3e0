"""Demo fairs for the demo province, loaded by demo.loader.demo_load().

Five fairs, one per interesting state, run by organizer@demo.local: a draft, an open fair
with booths held and a waiting list on its corner booths, a running hybrid (online) fair with a
showcase, a finished one and a cancelled one. Rows are bulk inserted directly (no services: no
audit rows, no e-mails), like the rest of the demo, and the choice of storefronts is
deterministic. Loading twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from catalog.models import Product, ProductStatus
from demo.records import ORGANIZER_EMAIL, PROVINCE_CODE
from fairs.models import (
    ApplicationStatus,
    ApprovalMode,
    BoothType,
    ExhibitorApplication,
    Fair,
    FairKind,
    FairOrganizer,
    FairStatus,
    ShowcaseItem,
)
from marketplace.models import MemberRole, Province, User, Vendor, VendorMembership, VendorStatus

OPEN_SLUG = "hoi-cho-ocop-phu-tho-2026"
RUNNING_SLUG = "hoi-cho-truc-tuyen-dat-to-2026"
DEMO_SLUGS = (
    "phien-cho-hang-viet-thanh-son-2027",
    OPEN_SLUG,
    RUNNING_SLUG,
    "ket-noi-cung-cau-nong-san-2025",
    "phien-cho-ocop-tam-dao",
)


@dataclass(frozen=True)
class DemoBooth:
    name: str
    size: str
    price: int
    count: int


@dataclass(frozen=True)
class DemoFair:
    slug: str
    name: str
    kind: str
    status: str
    venue: str
    days: tuple[int, int, int, int]  # applications open, close; fair starts, ends (from now)
    booths: list[DemoBooth]
    approval: str
    description: str
    online_url: str = ""
    min_stars: int | None = None
    reason: str = ""


def _at(now: dt.datetime, days: float, hour: int = 8) -> dt.datetime:
    local = timezone.localtime(now) + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def demo_fairs_load(*, now: dt.datetime | None = None) -> dict[str, Fair]:
    """Insert the demo fairs; returns them by slug ({} when they are already there)."""
    if Fair.objects.filter(slug__in=DEMO_SLUGS).exists():
        return {}
    organizer = User.objects.filter(email=ORGANIZER_EMAIL).first()
    if organizer is None:
        return {}
    # The demo organizer runs its fairs from the admin too.
    User.objects.filter(pk=organizer.pk).update(is_staff=True)
    now = now or timezone.now()
    phu_tho = Province.objects.get(code=PROVINCE_CODE)
    venue_commune = (
        phu_tho.communes.filter(name__icontains="Việt Trì").first() or phu_tho.communes.first()
    )

    standard = DemoBooth("Gian tiêu chuẩn", "3m × 3m", 4_500_000, 12)
    corner = DemoBooth("Gian góc", "3m × 6m", 9_000_000, 2)
    virtual = DemoBooth("Gian trực tuyến", "trực tuyến", 0, 40)
    specs = [
        DemoFair(
            slug=DEMO_SLUGS[0],
            name="Phiên chợ Hàng Việt về nông thôn Thanh Sơn 2027",
            kind=FairKind.PHYSICAL,
            status=FairStatus.DRAFT,
            venue="Sân vận động xã Thanh Sơn",
            days=(60, 90, 95, 97),
            booths=[DemoBooth("Gian tiêu chuẩn", "3m × 3m", 2_000_000, 30)],
            approval=ApprovalMode.AUTOMATIC,
            description="Phiên chợ đưa hàng Việt, sản phẩm OCOP về nông thôn miền núi.",
        ),
        DemoFair(
            slug=OPEN_SLUG,
            name="Hội chợ OCOP và sản phẩm công nghiệp nông thôn tiêu biểu Phú Thọ 2026",
            kind=FairKind.PHYSICAL,
            status=FairStatus.OPEN,
            venue="Quảng trường Hùng Vương, Việt Trì",
            days=(-10, 20, 30, 34),
            booths=[standard, corner],
            approval=ApprovalMode.AUTOMATIC,
            min_stars=3,
            description=(
                "Trưng bày, giới thiệu sản phẩm OCOP 3–5 sao và sản phẩm công nghiệp nông thôn "
                "tiêu biểu của tỉnh; kết nối giao thương với nhà phân phối, siêu thị."
            ),
        ),
        DemoFair(
            slug=RUNNING_SLUG,
            name="Hội chợ trực tuyến Đất Tổ 2026",
            kind=FairKind.HYBRID,
            status=FairStatus.RUNNING,
            venue="Công viên Văn Lang, Việt Trì",
            online_url="https://hoichotructuyen.demo.local/dat-to-2026",
            days=(-40, -5, -1, 3),
            booths=[virtual],
            approval=ApprovalMode.REVIEW,
            description="Hội chợ kết hợp trực tiếp và trực tuyến: gian hàng ảo cho sản phẩm OCOP.",
        ),
        DemoFair(
            slug=DEMO_SLUGS[3],
            name="Hội nghị kết nối cung cầu nông sản Phú Thọ 2025",
            kind=FairKind.PHYSICAL,
            status=FairStatus.FINISHED,
            venue="Trung tâm Hội nghị tỉnh",
            days=(-120, -80, -70, -68),
            booths=[DemoBooth("Bàn giao dịch", "2m × 2m", 1_000_000, 20)],
            approval=ApprovalMode.REVIEW,
            description="Kết nối nhà sản xuất với siêu thị, nhà phân phối, doanh nghiệp xuất khẩu.",
        ),
        DemoFair(
            slug=DEMO_SLUGS[4],
            name="Phiên chợ OCOP Tam Đảo",
            kind=FairKind.PHYSICAL,
            status=FairStatus.CANCELLED,
            venue="Quảng trường xã Tam Đảo",
            days=(-20, 5, 10, 12),
            booths=[DemoBooth("Gian tiêu chuẩn", "3m × 3m", 3_000_000, 15)],
            approval=ApprovalMode.AUTOMATIC,
            reason="Dự báo mưa bão kéo dài; ban tổ chức hoãn phiên chợ.",
            description="Phiên chợ cuối tuần giới thiệu đặc sản vùng núi Tam Đảo.",
        ),
    ]
    fairs = Fair.objects.bulk_create(
        [
            Fair(
                slug=s.slug,
                name=s.name,
                kind=s.kind,
                status=s.status,
                status_reason=s.reason,
                description=s.description,
                venue=s.venue,
                province=phu_tho,
                commune=venue_commune,
                online_url=s.online_url,
                registration_opens_at=_at(now, s.days[0]),
                registration_closes_at=_at(now, s.days[1], 17),
                starts_at=_at(now, s.days[2]),
                ends_at=_at(now, s.days[3], 21),
                min_ocop_stars=s.min_stars,
                visitor_capacity=2000,
                approval_mode=s.approval,
                published_at=None if s.status == FairStatus.DRAFT else _at(now, s.days[0]),
                created_by=organizer,
            )
            for s in specs
        ]
    )
    FairOrganizer.objects.bulk_create([FairOrganizer(fair=f, user=organizer) for f in fairs])
    booth_types: dict[str, list[BoothType]] = {}
    for fair, spec in zip(fairs, specs, strict=True):
        booth_types[fair.slug] = BoothType.objects.bulk_create(
            [
                BoothType(
                    fair=fair, name=b.name, size=b.size, price=b.price, count=b.count, position=i
                )
                for i, b in enumerate(spec.booths)
            ]
        )

    exhibitors = _exhibitors(60)
    by_slug = {f.slug: f for f in fairs}
    plan: list[tuple[Fair, BoothType, str, str]] = []  # fair, booth type, status, booth number
    open_standard, open_corner = booth_types[OPEN_SLUG]
    for i in range(8):
        plan.append(
            (
                by_slug[OPEN_SLUG],
                open_standard,
                "confirmed" if i < 4 else "approved",
                f"A{i + 1:02d}",
            )
        )
    plan += [(by_slug[OPEN_SLUG], open_corner, "approved", f"G{i + 1}") for i in range(2)]
    plan += [(by_slug[OPEN_SLUG], open_corner, "waitlisted", "") for _ in range(3)]
    plan += [(by_slug[OPEN_SLUG], open_standard, "rejected", "")]
    plan += [(by_slug[OPEN_SLUG], open_standard, "cancelled", "")]
    (virtual_type,) = booth_types[RUNNING_SLUG]
    plan += [
        (
            by_slug[RUNNING_SLUG],
            virtual_type,
            "checked_in" if i % 3 else "confirmed",
            f"T{i + 1:02d}",
        )
        for i in range(24)
    ]
    plan += [(by_slug[RUNNING_SLUG], virtual_type, "submitted", "") for _ in range(2)]
    (finished_type,) = booth_types[DEMO_SLUGS[3]]
    plan += [
        (by_slug[DEMO_SLUGS[3]], finished_type, "checked_in", f"B{i + 1:02d}") for i in range(10)
    ]
    # Each fair draws its storefronts from the start of the same list, so some exhibit twice.
    applications: list[ExhibitorApplication] = []
    products_of: list[list[int]] = []
    seen: dict[int, int] = {}
    for position, (fair, booth_type, status, number) in enumerate(plan):
        index = seen.get(fair.pk, 0)
        seen[fair.pk] = index + 1
        vendor, email, product_ids = exhibitors[(index * 7 + fair.pk) % len(exhibitors)]
        minute = dt.timedelta(minutes=position * 37)
        submitted = _at(now, specs[[f.pk for f in fairs].index(fair.pk)].days[0] + 1) + minute
        applications.append(
            ExhibitorApplication(
                fair=fair,
                vendor=vendor,
                booth_type=booth_type,
                quantity=1,
                contact_name=vendor.display_name[:200],
                contact_phone=vendor.phone,
                contact_email=email,
                status=status,
                status_reason="Ngành hàng đã đủ gian." if status == "rejected" else "",
                waitlisted_at=submitted if status == "waitlisted" else None,
                booth_number=number,
                decided_at=None if status == "submitted" else submitted,
                cancelled_at=submitted + dt.timedelta(days=2) if status == "cancelled" else None,
            )
        )
        products_of.append(product_ids)
    applications = ExhibitorApplication.objects.bulk_create(applications)
    stamps = [a.decided_at or _at(now, -1) for a in applications]
    for application, stamp in zip(applications, stamps, strict=True):
        application.submitted_at = stamp
    ExhibitorApplication.objects.bulk_update(applications, ["submitted_at"])
    ShowcaseItem.objects.bulk_create(
        [
            ShowcaseItem(application=a, product_id=pid, position=i)
            for a, ids in zip(applications, products_of, strict=True)
            for i, pid in enumerate(ids)
        ]
    )
    return by_slug


def _exhibitors(n: int) -> list[tuple[Vendor, str, list[int]]]:
    """The first `n` approved storefronts (by id) with published products: (storefront, owner
    e-mail, up to three product ids)."""
    vendors = list(
        Vendor.objects.filter(status=VendorStatus.APPROVED)
        .annotate(published=Count("products", filter=Q(products__status=ProductStatus.PUBLISHED)))
        .filter(published__gt=0)
        .order_by("id")[:n]
    )
    products: dict[int, list[int]] = {}
    for vendor_id, product_id in (
        Product.objects.filter(vendor__in=vendors, status=ProductStatus.PUBLISHED)
        .order_by("vendor_id", "id")
        .values_list("vendor_id", "id")
    ):
        products.setdefault(vendor_id, []).append(product_id)
    owners = dict(
        VendorMembership.objects.filter(vendor__in=vendors, role=MemberRole.OWNER).values_list(
            "vendor_id", "user__email"
        )
    )
    return [(v, owners.get(v.pk, v.email), products[v.pk][:3]) for v in vendors]


def demo_fairs_summary() -> list[str]:
    counts = dict(
        Fair.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    apps = dict(
        ExhibitorApplication.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        "Fairs: "
        + ", ".join(f"{counts.get(s, 0)} {s.value}" for s in FairStatus)
        + f" (run by {ORGANIZER_EMAIL})",
        "Exhibitor applications: "
        + ", ".join(f"{apps.get(s, 0)} {s.value.replace('_', ' ')}" for s in ApplicationStatus),
    ]
