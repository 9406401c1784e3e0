"""A storefront's terms of sale and a product's stock count: who may read and change them."""

import pytest

from core.models import AuditLog
from orders.models import ProductStock
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_owner_sets_terms_members_read_others_refused(
    vendor, vendor_client, other_vendor_client, buyer_client, api_client
):
    url = f"/api/v1/vendors/{vendor.slug}/sales/"
    assert vendor_client.get(url).json()["accepts_cod"] is True  # the defaults
    r = vendor_client.patch(url, {"accepts_bank_transfer": True}, format="json")
    assert r.status_code == 400 and "bank_bin" in r.json()["errors"]
    r = vendor_client.patch(
        url,
        {
            "accepts_bank_transfer": True,
            "bank_bin": "970436",
            "bank_account": "0011004123456",
            "shipping_fee": 25000,
            "free_shipping_over": 300000,
        },
        format="json",
    )
    assert r.status_code == 200 and r.json()["shipping_fee"] == 25000
    assert AuditLog.objects.filter(action="orders.sales.updated").exists()
    r = vendor_client.patch(
        url, {"accepts_cod": False, "accepts_bank_transfer": False}, format="json"
    )
    assert r.status_code == 400  # at least one method
    staff = UserFactory(email="staff@example.vn")
    MembershipFactory(vendor=vendor, user=staff, role="staff")
    assert client_for(staff).get(url).status_code == 200
    assert client_for(staff).patch(url, {"shipping_fee": 1}, format="json").status_code == 403
    assert other_vendor_client.get(url).status_code == 403
    assert buyer_client.patch(url, {"shipping_fee": 1}, format="json").status_code == 403
    assert api_client.get(url).status_code == 401


def test_members_count_stock(product, vendor_client, other_vendor_client, buyer_client):
    url = f"/api/v1/products/{product.slug}/stock/"
    assert vendor_client.put(url, {"quantity": 12}, format="json").json() == {"quantity": 12}
    assert ProductStock.objects.get(product=product).quantity == 12
    assert vendor_client.put(url, {"quantity": -1}, format="json").status_code == 400
    assert other_vendor_client.put(url, {"quantity": 1}, format="json").status_code == 403
    assert buyer_client.put(url, {"quantity": 1}, format="json").status_code == 403
    assert vendor_client.put(url, {"quantity": None}, format="json").json() == {"quantity": None}
    assert not ProductStock.objects.exists()
