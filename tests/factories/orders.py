"""Orders placed as a buyer's checkout places them, through `checkout_place` (the service the
API and the checkout page call): one helper for every test that needs an order to work on."""

from __future__ import annotations

from catalog.models import Product
from marketplace.models import User
from orders.models import Order, StorefrontSales
from orders.services.checkout import Delivery, checkout_place

DELIVERY = Delivery(
    recipient_name="Lê Văn Mua",
    phone="0912345678",
    province_code=25,
    commune_code=7900,
    street="Số 12, đường Hùng Vương",
    note="Gọi trước khi giao",
)


def place_order(buyer: User, product: Product, *, quantity: int = 2, method: str = "cod") -> Order:
    """One order of `quantity` of `product`, paid by `method` ("cod", "bank_transfer", …).

    A storefront without terms of sale is given cash on delivery and bank transfer, with no
    shipping fee; terms a test set up first (tests.factories.sales_terms) are kept."""
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
