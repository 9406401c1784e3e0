"""Fixtures for the fairs tests.

`organizer` runs `fair` (open, automatic approval, two booth types: `standard_booth` with 3
booths and `corner_booth` with 1); `exhibitor_vendor` is `vendor` (an approved storefront of
`owner`) with two published products, `showcase_products`.
"""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.factories.fairs import BoothTypeFactory, FairFactory, OrganizerFactory


@pytest.fixture
def organizer(db):
    return OrganizerFactory(email="organizer@example.vn", full_name="Sở Công Thương Phú Thọ")


@pytest.fixture
def organizer_client(organizer):
    return client_for(organizer)


@pytest.fixture
def other_organizer(db):
    return OrganizerFactory(email="organizer2@example.vn")


@pytest.fixture
def other_organizer_client(other_organizer):
    return client_for(other_organizer)


@pytest.fixture
def fair(organizer):
    return FairFactory(
        name="Hội chợ OCOP Đất Tổ 2026", slug="hoi-cho-ocop-dat-to-2026", organizers=[organizer]
    )


@pytest.fixture
def standard_booth(fair):
    return BoothTypeFactory(fair=fair, name="Gian tiêu chuẩn", size="3m × 3m", count=3)


@pytest.fixture
def corner_booth(fair):
    return BoothTypeFactory(fair=fair, name="Gian góc", size="3m × 6m", price=9_000_000, count=1)


@pytest.fixture
def showcase_products(vendor):
    return [
        ProductFactory(vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô"),
        ProductFactory(vendor=vendor, slug="banh-chung-tay", name="Bánh chưng Tây Thiên"),
    ]


@pytest.fixture
def exhibitor_vendor(vendor, showcase_products):
    return vendor


def application_body(booth_type, products, **extra):
    body = {
        "vendor": products[0].vendor.slug,
        "booth_type": booth_type.pk,
        "quantity": 1,
        "products": [p.pk for p in products],
        "contact_name": "Nguyễn Thị Hoa",
        "contact_phone": "0912 345 678",
        "contact_email": "hoa@htx-hunglo.vn",
    }
    body.update(extra)
    return body
