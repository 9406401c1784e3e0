"""Two storefronts with one tax code opened at the same moment on PostgreSQL: one is opened,
the other refused with the service's own answer (409 tax_code_taken), never a 500 (D92)."""

from __future__ import annotations

import pytest

from marketplace.models import Vendor
from tests.concurrency.conftest import run_in_parallel
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_storefronts_with_one_tax_code(postgres):
    people = [UserFactory(email=f"producer{i}@example.vn") for i in range(8)]

    def open_storefront(i: int):
        body = {
            "kind": "cooperative",
            "legal_name": f"Hợp tác xã Chè Thanh Ba {i}",
            "display_name": f"Chè Thanh Ba {i}",
            "tax_code": "2600111222",
            "province": 25,
            "commune": 7900,
            "phone": "0210 3812 345",
            "email": f"che{i}@example.vn",
        }
        return client_for(people[i]).post("/api/v1/vendors/", body, format="json")

    outcomes = run_in_parallel([lambda i=i: open_storefront(i) for i in range(8)], clients=8)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    codes = sorted(o.value.status_code for o in outcomes)
    assert codes == [201] + [409] * 7, [o.value.content for o in outcomes]
    refused = [o.value.json() for o in outcomes if o.value.status_code == 409]
    assert {r["type"] for r in refused} == {"urn:giaothuong:problem:tax_code_taken"}
    assert Vendor.objects.filter(tax_code="2600111222").count() == 1
