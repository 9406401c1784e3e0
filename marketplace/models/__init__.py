"""Models of the exchange itself, one module per concern."""

from marketplace.models.regions import Commune, Province
from marketplace.models.users import User
from marketplace.models.vendors import (
    MemberRole,
    Vendor,
    VendorInvitation,
    VendorKind,
    VendorMembership,
    VendorStatus,
)

__all__ = [
    "Commune",
    "MemberRole",
    "Province",
    "User",
    "Vendor",
    "VendorInvitation",
    "VendorKind",
    "VendorMembership",
    "VendorStatus",
]
