"""Demo orders: the demo buyer's orders in several states from several storefronts, among them
vendor1@demo.local's (so a newcomer sees both the buyer's and the storefront's side), and an
open complaint about one of them.

Made through the orders services themselves (checkout, lifecycle, payments), so every row,
number, audit entry and stock count is what the exchange itself would have written.
"""

from __future__ import annotations

from django.db.models import Count

from catalog.models import Product, ProductStatus
from demo.records import BUYER_EMAIL, DEMO_DOMAIN, PROVINCE_CODE
from marketplace.models import Commune, MemberRole, User, Vendor, VendorMembership, VendorStatus
from orders.models import Complaint, Order, Payment, ProductStock, Review, StorefrontSales
from orders.services import complaints, lifecycle, payments, reviews
from orders.services.checkout import Delivery, checkout_place

SHIPPED = {"carrier": "Viettel Post", "tracking_code": "VTP2612000451"}


def _storefronts() -> list[tuple[Vendor, User]]:
    """vendor1's storefront first, then two more approved storefronts with priced products."""
    owners = (
        VendorMembership.objects.filter(
            role=MemberRole.OWNER,
            user__email__startswith="vendor",
            user__email__endswith=f"@{DEMO_DOMAIN}",
            vendor__status=VendorStatus.APPROVED,
            vendor__products__status=ProductStatus.PUBLISHED,
            vendor__products__price_on_request=False,
        )
        .select_related("vendor", "user")
        .distinct()
        .order_by("user_id")
    )
    picked: list[tuple[Vendor, User]] = []
    for m in owners:
        if m.vendor_id not in {v.pk for v, _u in picked}:
            picked.append((m.vendor, m.user))
        if len(picked) == 3:
            break
    return picked


def _products(vendor: Vendor, n: int) -> list[Product]:
    return list(
        Product.objects.filter(
            vendor=vendor, status=ProductStatus.PUBLISHED, price_on_request=False
        ).order_by("id")[:n]
    )


def demo_orders_load() -> None:
    buyer = User.objects.filter(email=BUYER_EMAIL).first()
    storefronts = _storefronts()
    commune = Commune.objects.filter(province_id=PROVINCE_CODE).order_by("code").first()
    if buyer is None or len(storefronts) < 3 or commune is None:
        return
    (v1, o1), (v2, o2), (v3, o3) = storefronts
    StorefrontSales.objects.create(
        vendor=v1,
        accepts_cod=True,
        accepts_bank_transfer=True,
        bank_bin="970436",
        bank_account="0011004123456",
        bank_account_name=v1.legal_name.upper()[:100],
        shipping_fee=30_000,
        free_shipping_over=500_000,
    )
    StorefrontSales.objects.create(vendor=v2, shipping_fee=25_000)
    p1, p2, p3 = _products(v1, 1)[0], _products(v2, 1)[0], _products(v3, 1)[0]
    ProductStock.objects.create(product=p1, quantity=50)
    delivery = Delivery(
        recipient_name=buyer.full_name or "Người mua thử",
        phone="0912345678",
        province_code=PROVINCE_CODE,
        commune_code=commune.code,
        street="Số 12, đường Hùng Vương",
    )

    def place(lines: list[tuple[Product, int]], **methods: str) -> list[Order]:
        checkout = checkout_place(
            buyer=buyer,
            delivery=delivery,
            lines=[(p.slug, max(q, p.min_order_quantity)) for p, q in lines],
            payment_method="cod",
            payment_methods=methods,
        )
        return list(checkout.orders.select_related("vendor", "payment").order_by("id"))

    # One checkout over two storefronts, delivered and completed (cash paid on delivery).
    for order in place([(p2, 2), (p3, 1)]):
        seller = o2 if order.vendor_id == v2.pk else o3
        lifecycle.order_confirm(order=order, actor=seller)
        lifecycle.order_ship(order=order, actor=seller, **SHIPPED)
        lifecycle.order_deliver(order=order, actor=seller)
        lifecycle.order_complete(order=order, actor=buyer)
        if seller == o2:  # an open complaint, answered by the storefront (D132)
            complaint = complaints.complaint_open(
                order=order, actor=buyer, reason="damaged", body="Hai gói bị ẩm khi nhận."
            )
            complaints.complaint_message(
                complaint=complaint, actor=o2, body="Xin lỗi anh/chị, chúng tôi gửi bù 2 gói."
            )
    # vendor1: paid by bank transfer and confirmed; shipped; waiting for confirmation.
    [paid] = place([(p1, 3)], **{v1.slug: "bank_transfer"})
    payments.payment_mark_paid(order=paid, actor=o1, reference="FT26120045")
    lifecycle.order_confirm(order=paid, actor=o1)
    [shipped] = place([(p1, 2)])
    lifecycle.order_confirm(order=shipped, actor=o1)
    lifecycle.order_ship(order=shipped, actor=o1, **SHIPPED)
    place([(p1, 1)])
    # vendor1: a bank transfer still waiting for the money (the buyer sees the VietQR code).
    place([(p1, 1)], **{v1.slug: "bank_transfer"})
    # Cancelled by the buyer before confirmation: its units went back.
    [cancelled] = place([(p2, 1)])
    lifecycle.order_cancel(order=cancelled, actor=buyer)
    # vendor1: delivered and completed, reviewed (product and storefront), answered by vendor1.
    [done] = place([(p1, 2)])
    lifecycle.order_confirm(order=done, actor=o1)
    lifecycle.order_ship(order=done, actor=o1, **SHIPPED)
    lifecycle.order_deliver(order=done, actor=o1)
    lifecycle.order_complete(order=done, actor=buyer)
    line = done.lines.get()
    review = reviews.review_create(
        order=done, actor=buyer, stars=5, text="Sợi mì dai, thơm mùi gạo mới.", line_id=line.pk
    )
    reviews.review_reply(review=review, actor=o1, text="Cảm ơn anh/chị đã ủng hộ hợp tác xã!")
    shop = reviews.review_create(
        order=done, actor=buyer, stars=4, text="Giao nhanh, đóng gói cẩn thận."
    )
    reviews.review_reply(review=shop, actor=o1, text="Lần sau chúng tôi giao sớm hơn nữa ạ.")


def demo_orders_summary() -> list[str]:
    orders = dict(
        Order.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    paid = Payment.objects.filter(status="paid").count()
    return [
        "Orders: "
        + (", ".join(f"{n} {s}" for s, n in sorted(orders.items())) or "none")
        + f" ({paid} paid; buyer: {BUYER_EMAIL}); complaints: {Complaint.objects.count()}",
        f"Reviews: {Review.objects.count()} (with replies from the storefronts)",
    ]
