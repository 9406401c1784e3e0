"""Fixtures of buying: two storefronts selling priced products, a buyer and their clients."""

from __future__ import annotations

import pytest

from orders.models import StorefrontSales
from tests.factories import ProductFactory

VIET_TRI = {"province": 25, "commune": 7900}
ADDRESS = {
    "recipient_name": "Lê Văn Mua",
    "phone": "0912 345 678",
    **VIET_TRI,
    "street": "Số 12, đường Hùng Vương",
}


@pytest.fixture
def terms(vendor):
    return StorefrontSales.objects.create(
        vendor=vendor,
        accepts_cod=True,
        accepts_bank_transfer=True,
        bank_bin="970436",
        bank_account="0011004123456",
        bank_account_name="HTX MI GAO HUNG LO",
        shipping_fee=30000,
        free_shipping_over=500000,
    )


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
