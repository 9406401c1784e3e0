"""Fixtures of buying: two storefronts selling priced products, a buyer and their clients."""

from __future__ import annotations

import pytest

from orders.models import StorefrontSales
from tests.factories import ProductFactory, sales_terms

VIET_TRI = {"province": 25, "commune": 7900}
ADDRESS = {
    "recipient_name": "Lê Văn Mua",
    "phone": "0912 345 678",
    **VIET_TRI,
    "street": "Số 12, đường Hùng Vương",
}


@pytest.fixture
def terms(vendor):
    return sales_terms(vendor)


@pytest.fixture
def other_terms(other_vendor):
    return StorefrontSales.objects.create(vendor=other_vendor, shipping_fee=20000)


@pytest.fixture
def tea(other_vendor):
    return ProductFactory(
        vendor=other_vendor, slug="che-thanh-ba", name="Chè Thanh Ba", price=120000
    )


def checkout_body(**extra):
    return {**ADDRESS, "payment_method": "cod", **extra}
