"""Reads of buying: inquiries a person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from marketplace.models import VendorMembership
from marketplace.permissions import AnyUser, is_moderator
from orders.models import Inquiry


def inquiry_list_for(user: AnyUser) -> QuerySet[Inquiry]:
    qs = Inquiry.objects.select_related("product", "vendor", "buyer")
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    mine = Q(buyer_id=user.pk) | Q(
        vendor_id__in=VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
    )
    return qs.filter(mine)


def inquiry_counts_by_status() -> dict[str, Any]:
    """Moderators' figure: inquiries by status."""
    return {
        "inquiries_by_status": list(
            Inquiry.objects.values("status").annotate(count=Count("id")).order_by("status")
        )
    }
