"""Demo lots: the province's flagship products with full production timelines (issue 14) —
Mì gạo Hùng Lô, Bưởi Đoan Hùng, Chè Thanh Ba — one lot of them recalled.

Made through the traceability services, as a storefront member would, so codes, audit rows and
lifecycle are what the exchange itself writes.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.models import User, VendorMembership
from traceability import services
from traceability.models import Lot

# (name fragment, lot code prefix, shelf life in days, steps: (kind, days after production,
# who, where, what)); steps before production have negative offsets.
FLAGSHIPS = [
    (
        "Mì gạo",
        "MG",
        180,
        [
            (
                "harvest",
                -20,
                "Tổ hợp tác lúa Hùng Lô",
                "Cánh đồng Hùng Lô",
                "Thu hoạch lúa Khang Dân vụ mùa",
            ),
            (
                "processing",
                -1,
                "Xưởng mì gạo Hùng Lô",
                "Làng nghề Hùng Lô",
                "Xay bột, tráng, phơi mì",
            ),
            ("inspection", 0, "Trung tâm Kiểm nghiệm tỉnh", "Việt Trì", "Kiểm nghiệm vi sinh: đạt"),
            (
                "packing",
                0,
                "Xưởng mì gạo Hùng Lô",
                "Làng nghề Hùng Lô",
                "Đóng gói 500 g, dán tem QR",
            ),
        ],
    ),
    (
        "Bưởi",
        "BDH",
        45,
        [
            (
                "care",
                -60,
                "Hộ ông Nguyễn Văn Bình",
                "Vườn bưởi Đoan Hùng",
                "Bón phân hữu cơ, tỉa cành",
            ),
            ("harvest", 0, "Hộ ông Nguyễn Văn Bình", "Vườn bưởi Đoan Hùng", "Thu hái bưởi chín"),
            ("packing", 1, "HTX Bưởi Đoan Hùng", "Kho HTX", "Phân loại, dán tem, đóng thùng"),
        ],
    ),
    (
        "Chè",
        "CTB",
        365,
        [
            ("harvest", -2, "Đội hái chè", "Đồi chè Thanh Ba", "Hái một tôm hai lá"),
            ("processing", -1, "Xưởng chè Thanh Ba", "Thanh Ba", "Héo, vò, sao khô"),
            ("packing", 0, "Xưởng chè Thanh Ba", "Thanh Ba", "Đóng túi 200 g"),
        ],
    ),
]
RECALL_REASON = "Phát hiện độ ẩm vượt mức cho phép ở một số túi; đổi trả tại nơi mua."


def _member(product: Product) -> User | None:
    membership = (
        VendorMembership.objects.filter(vendor_id=product.vendor_id)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def demo_lots_load(*, today: dt.date | None = None) -> int:
    """Two lots per flagship product found; the older lot of the last one recalled."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    made = 0
    last: tuple[Lot, User] | None = None
    for fragment, prefix, shelf_days, steps in FLAGSHIPS:
        product = (
            Product.objects.filter(status=ProductStatus.PUBLISHED, name__icontains=fragment)
            .select_related("vendor")
            .order_by("id")
            .first()
        )
        actor = _member(product) if product else None
        if product is None or actor is None:
            continue
        for n, age in enumerate((40, 10), start=1):
            produced = today - dt.timedelta(days=age)
            lot = services.lot_create(
                product=product,
                actor=actor,
                code=f"{prefix}{produced:%y%m%d}-{n:02d}",
                produced_on=produced,
                best_before=produced + dt.timedelta(days=shelf_days),
                quantity=200 * n,
                origin_place=steps[0][3],
            )
            lot.product = product
            for kind, offset, who, where, what in steps:
                day = min(produced + dt.timedelta(days=offset), today)
                services.event_create(
                    lot=lot,
                    actor=actor,
                    kind=kind,
                    occurred_at=dt.datetime.combine(day, dt.time(8 + len(what) % 8), tzinfo=tz),
                    actor_name=who,
                    place=where,
                    description=what,
                )
            services.lot_publish(lot=lot, actor=actor)
            made += 1
            if n == 1:
                last = (lot, actor)
    if last is not None:
        lot, actor = last
        services.lot_recall(lot=lot, actor=actor, reason=RECALL_REASON)
    return made


def demo_lots_summary() -> list[str]:
    counts = dict(
        Lot.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    if not counts:
        return []
    return ["Lots: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))]
