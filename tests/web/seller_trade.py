"""What the seller center's trade tests share (seller16b): an order placed through the
services, as a buyer's checkout places it."""

from __future__ import annotations

from marketplace.models import User
from orders.models import Order, StorefrontSales
from orders.services import lifecycle
from orders.services.checkout import Delivery, checkout_place

DELIVERY = Delivery(
    recipient_name="Lê Văn Mua",
    phone="0912345678",
    province_code=25,
    commune_code=7900,
    street="Số 12, đường Hùng Vương",
    note="Gọi trước khi giao",
)


def place_order(buyer: User, product, *, quantity: int = 2, method: str = "cod") -> Order:
    StorefrontSales.objects.get_or_create(
        vendor=product.vendor,
        defaults={
            "accepts_cod": True,
            "accepts_bank_transfer": True,
            "bank_bin": "970436",
            "bank_account": "0011004123456",
            "bank_account_name": "HTX MI GAO HUNG LO",
        },
    )
    checkout = checkout_place(
        buyer=buyer, delivery=DELIVERY, lines=[(product.slug, quantity)], payment_method=method
    )
    return checkout.orders.get()


def deliver(order: Order, seller: User) -> Order:
    """The order moved to delivered by its storefront, through the services."""
    lifecycle.order_confirm(order=order, actor=seller)
    lifecycle.order_ship(order=order, actor=seller, carrier="Viettel Post", tracking_code="V1")
    return lifecycle.order_deliver(order=order, actor=seller)
