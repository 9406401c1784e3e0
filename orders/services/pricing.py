"""Money, in one place: line totals, a storefront's shipping fee, an order's totals (VND
integers). The cart, the checkout and the tests all call these; nothing else adds money."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orders.models import StorefrontSales


@dataclass(frozen=True)
class Amounts:
    subtotal: int
    shipping_fee: int
    total: int


def line_total(unit_price: int, quantity: int) -> int:
    return int(unit_price) * int(quantity)


def shipping_fee(terms: StorefrontSales, subtotal: int) -> int:
    """The storefront's flat fee, nothing when the goods reach its free-shipping threshold."""
    if subtotal <= 0:
        return 0
    if terms.free_shipping_over is not None and subtotal >= terms.free_shipping_over:
        return 0
    return int(terms.shipping_fee)


def order_amounts(lines: Iterable[tuple[int, int]], terms: StorefrontSales) -> Amounts:
    """`lines` are (unit_price, quantity) pairs of one storefront's order."""
    subtotal = sum(line_total(price, qty) for price, qty in lines)
    fee = shipping_fee(terms, subtotal)
    return Amounts(subtotal=subtotal, shipping_fee=fee, total=subtotal + fee)


def quoted_amounts(lines: Iterable[tuple[int, int]], shipping: int) -> Amounts:
    """An order at a quote's prices: the quote's own shipping fee, not the storefront's terms."""
    subtotal = sum(line_total(price, qty) for price, qty in lines)
    return Amounts(subtotal=subtotal, shipping_fee=int(shipping), total=subtotal + int(shipping))
