"""Who hears about a storefront: its members' addresses for `core.notifications`."""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.models import MemberRole, Vendor, VendorMembership


def vendor_member_emails(vendor: Vendor, *, owners_only: bool = False) -> list[str]:
    qs = VendorMembership.objects.filter(vendor=vendor, user__is_active=True)
    if owners_only:
        qs = qs.filter(role=MemberRole.OWNER)
    return list(qs.values_list("user__email", flat=True))


def vendor_member_emails_many(vendor_ids: Iterable[int]) -> dict[int, list[str]]:
    """vendor_member_emails for several storefronts in one query: {storefront id: addresses}
    (an empty list for a storefront without active members)."""
    ids = list(vendor_ids)
    found: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = VendorMembership.objects.filter(vendor_id__in=ids, user__is_active=True).values_list(
        "vendor_id", "user__email"
    )
    for vendor_id, email in rows:
        found[vendor_id].append(email)
    return found
