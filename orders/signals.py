"""What buying announces to the apps above it (D141).

`order_changed`: orders were placed, moved, or their payment was received — in the sender's
transaction. Arguments: `orders`, a list of (order id, storefront id) pairs (a checkout
announces all its orders at once, D217; every other move one), and `event` (`order.created`,
`order.status_changed`, `payment.paid`). Orders are private to their buyer and storefront, so
this is not `core.signals.public_changed`: the partners app records these changes for the
storefront's granted clients' webhooks only, never for the public feed.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.dispatch import Signal

order_changed = Signal()

ORDER_CREATED = "order.created"
ORDER_STATUS_CHANGED = "order.status_changed"
PAYMENT_PAID = "payment.paid"


def order_changed_send(*, order_id: int, vendor_id: int, event: str) -> None:
    """Announce an order event, in the caller's transaction."""
    order_changed_send_many(orders=[(order_id, vendor_id)], event=event)


def order_changed_send_many(*, orders: Sequence[tuple[int, int]], event: str) -> None:
    """Announce one event of several orders ((order id, storefront id) pairs) at once."""
    if orders:
        order_changed.send(sender="order", orders=list(orders), event=event)
