"""One storefront per tax code unless the earlier one was rejected; moderators see possible
duplicates (issue 12, item 3; D92)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from core.models import AuditLog
from marketplace.models import Vendor, VendorKind, VendorStatus
from marketplace.selectors import possible_duplicates, vendor_name_key
from marketplace.services import vendors as vendor_services
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory, VendorFactory

pytestmark = pytest.mark.django_db

STOREFRONT = {
    "kind": "cooperative",
    "legal_name": "Hợp tác xã Chè Thanh Ba",
    "display_name": "Chè Thanh Ba",
    "tax_code": "2600111222",
    "business_registration_number": "1801234567",
    "province": 25,
    "commune": 7900,
    "street_address": "Khu 3",
    "phone": "0210 3812 345",
    "email": "che@example.vn",
}


def _open(client, language="en", **change):
    return client.post(
        "/api/v1/vendors/",
        {**STOREFRONT, **change},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("status", [VendorStatus.APPROVED, VendorStatus.PENDING, "suspended"])
def test_a_second_storefront_with_the_same_tax_code_is_refused(buyer_client, status):
    VendorFactory(tax_code="2600111222", status=status)
    response = _open(buyer_client)
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["type"] == "urn:giaothuong:problem:tax_code_taken"
    assert set(body["errors"]) == {"tax_code"}
    assert "tax code" in body["detail"]
    assert Vendor.objects.filter(tax_code="2600111222").count() == 1
    assert not AuditLog.objects.filter(action="marketplace.vendor.created").exists()


def test_the_refusal_in_vietnamese(buyer_client):
    VendorFactory(tax_code="2600111222")
    body = _open(buyer_client, "vi").json()
    assert "mã số thuế" in body["detail"]


def test_a_rejected_one_does_not_hold_the_code(buyer_client):
    VendorFactory(tax_code="2600111222", status=VendorStatus.REJECTED)
    response = _open(buyer_client)
    assert response.status_code == 201, response.content
    assert Vendor.objects.filter(tax_code="2600111222").count() == 2


def test_a_branch_has_its_own_code(buyer_client):
    VendorFactory(tax_code="2600111222")
    assert _open(buyer_client, tax_code="2600111222-001").status_code == 201
    assert _open(buyer_client, tax_code="2600111222-002").status_code == 201
    assert _open(buyer_client, tax_code="2600111222-001").status_code == 409


def test_a_persons_12_digit_code_also_opens_one(buyer_client):
    person = {"kind": VendorKind.HOUSEHOLD, "tax_code": "025123456789"}
    assert _open(buyer_client, **person).status_code == 201
    assert _open(buyer_client, **person).status_code == 409


def test_changing_to_a_taken_code_is_refused(buyer_client):
    VendorFactory(tax_code="2600111222")
    created = _open(buyer_client, tax_code="2600111333").json()
    response = buyer_client.patch(
        f"/api/v1/vendors/{created['slug']}/", {"tax_code": "2600111222"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:giaothuong:problem:tax_code_taken"
    assert Vendor.objects.get(slug=created["slug"]).tax_code == "2600111333"


def test_a_rejected_storefront_cannot_come_back_over_a_newer_one(moderator):
    owner = UserFactory()
    rejected = VendorFactory(tax_code="2600111222", status=VendorStatus.REJECTED)
    MembershipFactory(vendor=rejected, user=owner)
    VendorFactory(tax_code="2600111222", status=VendorStatus.PENDING)
    response = client_for(owner).post(f"/api/v1/vendors/{rejected.slug}/resubmit/")
    assert response.status_code == 409
    assert response.json()["type"] == "urn:giaothuong:problem:tax_code_taken"
    assert Vendor.objects.get(pk=rejected.pk).status == VendorStatus.REJECTED


def test_the_database_refuses_it_too():
    VendorFactory(tax_code="2600111222")
    VendorFactory(tax_code="2600111222", status=VendorStatus.REJECTED)  # allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        Vendor.objects.create(
            **{**_fields(VendorFactory.build(tax_code="2600111222"))},
        )


def _fields(vendor):
    return {
        f.attname: getattr(vendor, f.attname)
        for f in Vendor._meta.concrete_fields
        if not f.primary_key and f.attname not in ("created_at", "updated_at")
    }


def test_two_opened_at_once_the_index_answers_with_the_same_refusal(buyer_client, monkeypatch):
    # Both requests passed the check before either was written: the index settles it.
    VendorFactory(tax_code="2600111222")
    monkeypatch.setattr(vendor_services, "_require_tax_code_free", lambda *a, **k: None)
    response = _open(buyer_client)
    assert response.status_code == 409, response.content
    assert response.json()["type"] == "urn:giaothuong:problem:tax_code_taken"


# --- possible duplicates ----------------------------------------------------------------------


def test_name_keys_drop_legal_forms_and_diacritics():
    assert vendor_name_key("Công ty TNHH Bưởi Đoan Hùng") == "buoi doan hung"
    assert vendor_name_key("HTX Bưởi Đoan Hùng") == vendor_name_key("Hợp tác xã Bưởi Đoan Hùng")


def test_possible_duplicates_are_close_names_and_branches():
    vendor = VendorFactory(
        display_name="HTX Bưởi Đoan Hùng",
        legal_name="Hợp tác xã Bưởi Đoan Hùng",
        tax_code="2600555000",
        status=VendorStatus.PENDING,
    )
    same_name = VendorFactory(
        display_name="Công ty Bưởi Đoan Hùng", legal_name="Công ty TNHH Bưởi Đoan Hùng"
    )
    typo = VendorFactory(display_name="Buoi Doan Hungg", legal_name="Hộ kinh doanh Bưởi Đoan Hùngg")
    branch = VendorFactory(display_name="Chi nhánh Phú Thọ", tax_code="2600555000-001")
    VendorFactory(display_name="HTX Chè Thanh Ba", legal_name="Hợp tác xã Chè Thanh Ba")
    VendorFactory(display_name="HTX Nông sản 1", legal_name="HTX Nông sản 1")
    found = possible_duplicates(vendor)
    assert [d.vendor for d in found] == [same_name, branch, typo]  # closest first
    reasons = {d.vendor.pk: d.reason for d in found}
    assert reasons[branch.pk] == "tax_code" and reasons[same_name.pk] == "name"
    assert all(0 < d.similarity <= 1 for d in found)


def test_numbered_units_are_not_duplicates_of_each_other():
    one = VendorFactory(display_name="HTX Nông sản 1", legal_name="HTX Nông sản số 1")
    VendorFactory(display_name="HTX Nông sản 2", legal_name="HTX Nông sản số 2")
    assert possible_duplicates(one) == []


def test_a_moderator_sees_possible_duplicates_on_the_storefront(moderator_client, buyer_client):
    pending = VendorFactory(
        display_name="HTX Bưởi Đoan Hùng",
        legal_name="Hợp tác xã Bưởi Đoan Hùng",
        status=VendorStatus.PENDING,
    )
    earlier = VendorFactory(display_name="Công ty Bưởi Đoan Hùng", legal_name="Công ty TNHH X")
    body = moderator_client.get(f"/api/v1/vendors/{pending.slug}/").json()
    assert body["possible_duplicates"] == [
        {
            "slug": earlier.slug,
            "display_name": earlier.display_name,
            "legal_name": earlier.legal_name,
            "tax_code": earlier.tax_code,
            "status": "approved",
            "similarity": 1.0,
            "reason": "name",
        }
    ]
    # everyone else: null, on the public storefront as on their own
    public = buyer_client.get(f"/api/v1/vendors/{earlier.slug}/").json()
    assert public["possible_duplicates"] is None
    # and the list rows keep their shape
    rows = buyer_client.get("/api/v1/vendors/").json()["results"]
    assert "possible_duplicates" not in rows[0]
