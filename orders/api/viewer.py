"""Who is looking at orders, worked out once per request: the delivery address and phone are
for the buyer, that order's storefront members and moderators only; payment instructions are
for the buyer."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property
from rest_framework.request import Request

from core.api.clients import partner_client
from marketplace.models import VendorMembership
from marketplace.permissions import is_moderator
from orders.models import Order
from orders.services.payments import payment_instructions


class Viewer:
    def __init__(self, request: Request) -> None:
        user = request.user
        self.user_id = user.pk if user.is_authenticated else None
        self.moderator = is_moderator(user)
        self.client_ip = str(request.META.get("REMOTE_ADDR", "") or "")
        # A partner client (orders:read, granted): no personal data of the buyer (D141).
        self.partner = partner_client(request) is not None

    @cached_property
    def vendor_ids(self) -> set[int]:
        """The viewer's storefronts, read once and only when an order not theirs is shown."""
        if self.user_id is None:
            return set()
        return set(
            VendorMembership.objects.filter(user_id=self.user_id).values_list(
                "vendor_id", flat=True
            )
        )

    def is_buyer(self, order: Order) -> bool:
        return self.user_id is not None and order.buyer_id == self.user_id

    def sees_delivery(self, order: Order) -> bool:
        return self.is_buyer(order) or self.moderator or order.vendor_id in self.vendor_ids

    def instructions(self, order: Order) -> dict[str, Any]:
        return payment_instructions(order, client_ip=self.client_ip)
