"""Demo trade leads (issue 14): buy leads in several categories from the demo buyer, sell
leads from flagship storefronts linked to their products, all published by the demo
moderator; one buy lead waits for review.

Made through the leads services, as the buyer, the storefronts and the moderator would, so
matches, audit rows, partner changes and the search text are what the exchange itself writes.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from catalog.models import Category, Product, ProductStatus, Unit
from demo.records import BUYER_EMAIL, MODERATOR_EMAIL, PROVINCE_CODE
from leads.models import Lead
from leads.services.leads import lead_approve, lead_create
from marketplace.models import Province, User, VendorMembership

# (title, category slug, quantity, unit code, target price VND or None (negotiable), days
# until needed, description)
BUY_LEADS = [
    (
        "Cần mua 5 tấn gạo Khang Dân cho bếp ăn tập thể",
        "gao-ngu-coc",
        5000,
        "kg",
        18_000,
        20,
        "Giao làm hai đợt tại Việt Trì; cần hóa đơn VAT.",
    ),
    (
        "Thu mua chè búp khô Thanh Ba làm quà Tết",
        "che-tuoi-che-bien",
        300,
        "kg",
        None,
        45,
        "Đóng túi 200 g, có tem truy xuất nguồn gốc.",
    ),
    (
        "Tìm nguồn bưởi Đoan Hùng cho chuỗi siêu thị",
        "rau-cu-qua-so-che",
        2000,
        "kg",
        25_000,
        30,
        "Quả từ 1 kg trở lên, giao hàng tuần.",
    ),
    (
        "Cần mua mật ong rừng nguyên chất",
        "mat-ong-san-pham-tu-mat-ong",
        100,
        "lit",
        None,
        25,
        "Có kết quả kiểm nghiệm.",
    ),
]
# (name fragment of a flagship product, title, quantity, unit code)
SELL_LEADS = [
    ("Mì gạo", "Bán mì gạo Hùng Lô vụ mới, số lượng lớn", 3000, "kg"),
    ("Bưởi", "Bưởi Đoan Hùng chính vụ, nhận đơn siêu thị", 5000, "kg"),
]
PENDING_TITLE = "Cần mua măng khô cho nhà hàng"


def demo_leads_load(*, today: dt.date | None = None) -> int:
    """The demo's leads; returns how many were published."""
    today = today or timezone.localdate()
    buyer = User.objects.filter(email=BUYER_EMAIL).first()
    moderator = User.objects.filter(email=MODERATOR_EMAIL).first()
    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if buyer is None or moderator is None or province is None:
        return 0
    name = buyer.get_full_name() or buyer.email
    made: list[Lead] = []
    for title, slug, quantity, unit, price, days, text in BUY_LEADS:
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            continue
        made.append(
            lead_create(
                actor=buyer,
                kind="buy",
                title=title,
                description=text,
                category=category,
                quantity=quantity,
                unit=Unit.objects.get(code=unit),
                target_price=price,
                negotiable=price is None,
                province=province,
                needed_by=today + dt.timedelta(days=days),
                contact_name=name,
                contact_phone="0912345678",
            )
        )
    for fragment, title, quantity, unit in SELL_LEADS:
        product = (
            Product.objects.filter(status=ProductStatus.PUBLISHED, name__icontains=fragment)
            .select_related("vendor__commune", "category")
            .order_by("id")
            .first()
        )
        member = (
            VendorMembership.objects.filter(vendor_id=product.vendor_id).order_by("id").first()
            if product
            else None
        )
        if product is None or member is None:
            continue
        made.append(
            lead_create(
                actor=member.user,
                kind="sell",
                title=title,
                category=product.category,
                quantity=quantity,
                unit=Unit.objects.get(code=unit),
                negotiable=True,
                province=province,
                contact_name=product.vendor.display_name,
                contact_phone=product.vendor.phone,
                vendor=product.vendor,
                products=[product],
            )
        )
    for lead in made:
        lead_approve(lead=lead, actor=moderator)
    category = Category.objects.filter(slug="rau-cu-qua-so-che").first()
    if category is not None:
        lead_create(
            actor=buyer,
            kind="buy",
            title=PENDING_TITLE,
            category=category,
            quantity=50,
            unit=Unit.objects.get(code="kg"),
            negotiable=True,
            province=province,
            contact_name=name,
        )
    return len(made)


def demo_leads_summary() -> list[str]:
    rows = Lead.objects.values("kind", "status").annotate(n=Count("id")).order_by("kind", "status")
    if not rows:
        return []
    return ["Leads: " + ", ".join(f"{r['n']} {r['kind']} {r['status']}" for r in rows)]
