"""Who hears about a storefront: its members' addresses for `core.notifications`."""

from __future__ import annotations

from marketplace.models import MemberRole, Vendor, VendorMembership


def vendor_member_emails(vendor: Vendor, *, owners_only: bool = False) -> list[str]:
    qs = VendorMembership.objects.filter(vendor=vendor, user__is_active=True)
    if owners_only:
        qs = qs.filter(role=MemberRole.OWNER)
    return list(qs.values_list("user__email", flat=True))
