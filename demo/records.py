"""The demo province as plain records, and the constants every demo module agrees on.

`generator.demo_build()` returns a `DemoData`; the loader writes it. Records point at each
other by position (a product's `vendor` is an index into `vendors`); the loader turns positions
into primary keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

SEED = 25_2025
PROVINCE_CODE = 25
DEMO_DOMAIN = "demo.local"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the published password of the demo accounts
MODERATOR_EMAIL = f"moderator@{DEMO_DOMAIN}"
ORGANIZER_EMAIL = f"organizer@{DEMO_DOMAIN}"
BUYER_EMAIL = f"buyer@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    phone: str
    date_joined: dt.datetime
    is_moderator: bool = False
    is_organizer: bool = False
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoVendor:
    number: int  # K of its owner vendorK@demo.local
    slug: str
    kind: str
    legal_name: str
    display_name: str
    tax_code: str
    business_registration_number: str
    commune: int
    street_address: str
    phone: str
    email: str
    description: str
    status: str
    status_reason: str
    approved_at: dt.datetime | None
    created_at: dt.datetime
    owner_name: str

    @property
    def owner_email(self) -> str:
        return f"vendor{self.number}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoProduct:
    vendor: int
    slug: str
    name: str
    description: str
    category: str
    unit: str
    price: int | None
    min_order_quantity: int
    availability: str
    commune: int
    gtin: str
    attributes: dict[str, str]
    status: str
    status_reason: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def price_on_request(self) -> bool:
        return self.price is None


@dataclass(frozen=True)
class DemoCertificate:
    product: int
    stars: int
    score: Decimal
    certificate_number: str
    decision_number: str
    decision_date: dt.date
    issuing_body: str
    issuing_level: str
    issue_date: dt.date
    expires_on: dt.date
    status: str
    status_reason: str
    verified_at: dt.datetime | None


@dataclass(frozen=True)
class DemoAward:
    product: int
    level: str
    region: str
    year: int
    product_group: str
    issuer: str
    decision_number: str
    status: str
    status_reason: str


@dataclass(frozen=True)
class DemoMessage:
    from_vendor: bool
    body: str
    sent_at: dt.datetime


@dataclass(frozen=True)
class DemoInquiry:
    product: int
    quantity: int
    contact_name: str
    contact_phone: str
    contact_email: str
    status: str
    messages: tuple[DemoMessage, ...]


@dataclass(frozen=True)
class DemoData:
    staff: tuple[DemoUser, ...]  # moderator, organizer, buyer
    vendors: tuple[DemoVendor, ...]
    products: tuple[DemoProduct, ...]
    certificates: tuple[DemoCertificate, ...]
    awards: tuple[DemoAward, ...]
    inquiries: tuple[DemoInquiry, ...]

    @property
    def buyer(self) -> DemoUser:
        return self.staff[2]
