"""The demo buyer's inquiries: some still open, most answered with a quote, a few closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from catalog.models import ProductStatus
from catalog.seed import UNITS
from demo.builder import Builder
from demo.records import DemoInquiry, DemoMessage, DemoProduct, DemoUser, DemoVendor
from marketplace.models import VendorStatus
from orders.models import InquiryStatus

INQUIRIES = 12
UNIT_NAMES = {code: name for code, name, _name_en in UNITS}


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def inquiries_compose(
    b: Builder,
    products: Sequence[DemoProduct],
    vendors: Sequence[DemoVendor],
    buyer: DemoUser,
) -> list[DemoInquiry]:
    """The demo buyer's inquiries about published products, with the storefronts' replies."""
    eligible = [
        i
        for i, p in enumerate(products)
        if p.status == ProductStatus.PUBLISHED and vendors[p.vendor].status == VendorStatus.APPROVED
    ]
    statuses = [InquiryStatus.ANSWERED] * 6 + [InquiryStatus.OPEN] * 4 + [InquiryStatus.CLOSED] * 2
    chosen = b.rng.sample(eligible, INQUIRIES)
    inquiries = []
    for index, status in zip(chosen, statuses, strict=True):
        p = products[index]
        vendor = vendors[p.vendor]
        unit = UNIT_NAMES.get(p.unit, p.unit)
        qty = p.min_order_quantity * b.rng.choice((1, 2, 5, 10, 20))
        if p.min_order_quantity == 1:
            qty = b.rng.choice((10, 20, 30, 50, 100))
        asked = b.at(b.rng.randint(3, 25))
        ask = b.rng.choice(
            (
                f"Chào {vendor.display_name}, bên em là chuỗi cửa hàng nông sản ở Hà Nội, cần "
                f"{qty} {unit} “{p.name}”. Anh chị báo giá sỉ và thời gian giao hàng giúp em.",
                f"Chào anh chị, em muốn đặt {qty} {unit} “{p.name}” làm quà cho khách hàng "
                "của công ty. Sản phẩm có xuất hóa đơn VAT không ạ?",
                f"Cho em hỏi “{p.name}” còn hàng không? Em cần {qty} {unit}, giao về Việt Trì "
                "trong tuần này.",
                f"Bên em là siêu thị mini ở Vĩnh Yên, muốn nhập thử {qty} {unit} “{p.name}”. "
                "Anh chị gửi giúp giấy chứng nhận an toàn thực phẩm và bảng giá.",
            )
        )
        messages = [DemoMessage(False, ask, asked)]
        if status != InquiryStatus.OPEN:
            quote = p.price if p.price is not None else 100_000 * b.rng.randint(2, 30)
            if qty >= 20:
                quote = max(1_000, quote * 9 // 10 // 1_000 * 1_000)
            days = b.rng.randint(2, 7)
            reply = (
                f"Cảm ơn anh chị đã quan tâm. Với {qty} {unit}, bên em báo giá "
                f"{vnd(quote)} đ/{unit}, giao trong {days} ngày sau khi xác nhận đơn. "
                "Sản phẩm có xuất hóa đơn VAT và giấy tờ an toàn thực phẩm đầy đủ."
            )
            replied = asked + dt.timedelta(hours=b.rng.randint(2, 30))
            messages.append(DemoMessage(True, reply, replied))
            if status == InquiryStatus.CLOSED:
                thanks = "Cảm ơn anh chị, bên em đã nhận báo giá và sẽ liên hệ lại khi chốt đơn."
                messages.append(
                    DemoMessage(False, thanks, replied + dt.timedelta(hours=b.rng.randint(1, 20)))
                )
        inquiries.append(
            DemoInquiry(
                product=index,
                quantity=qty,
                contact_name=buyer.full_name,
                contact_phone=buyer.phone,
                contact_email=buyer.email,
                status=status,
                messages=tuple(messages),
            )
        )
    return inquiries
