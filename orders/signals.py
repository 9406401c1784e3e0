"""What buying announces to the apps above it (D141).

`order_changed`: an order was placed, moved, or its payment was received — in the sender's
transaction. Arguments: `order_id`, `vendor_id`, `event` (`order.created`,
`order.status_changed`, `payment.paid`). Orders are private to their buyer and storefront, so
this is not `core.signals.public_changed`: the partners app records these changes for the
storefront's granted clients' webhooks only, never for the public feed.
"""

from __future__ import annotations

from django.dispatch import Signal

order_changed = Signal()

ORDER_CREATED = "order.created"
ORDER_STATUS_CHANGED = "order.status_changed"
PAYMENT_PAID = "payment.paid"


def order_changed_send(*, order_id: int, vendor_id: int, event: str) -> None:
    """Announce an order event, in the caller's transaction."""
    order_changed.send(sender="order", order_id=order_id, vendor_id=vendor_id, event=event)
