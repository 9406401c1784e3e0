"""What the seller center's trade tests share (seller16b): an order moved to delivered by its
storefront. Orders are placed with tests.factories.orders.place_order."""

from __future__ import annotations

from marketplace.models import User
from orders.models import Order
from orders.services import lifecycle


def deliver(order: Order, seller: User) -> Order:
    """The order moved to delivered by its storefront, through the services."""
    lifecycle.order_confirm(order=order, actor=seller)
    lifecycle.order_ship(order=order, actor=seller, carrier="Viettel Post", tracking_code="V1")
    return lifecycle.order_deliver(order=order, actor=seller)
