"""The moderators' work lists: GET /api/v1/moderation/queue/{kind}/ (issue 12, item 2; D95)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from catalog.models import ProductStatus, RuralIndustryAward
from catalog.services.products import product_approve
from core.audit import audit_record
from marketplace.models import Vendor, VendorStatus
from tests.factories import (
    CertificateFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

HCM = "+07:00"


def _queue(client, kind, **params):
    response = client.get(f"/api/v1/moderation/queue/{kind}/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("kind", ["vendors", "products", "certificates", "awards"])
def test_only_moderators_read_the_work_lists(
    api_client, buyer_client, vendor_client, moderator_client, kind
):
    assert api_client.get(f"/api/v1/moderation/queue/{kind}/").status_code == 401
    for client in (buyer_client, vendor_client):
        response = client.get(f"/api/v1/moderation/queue/{kind}/")
        assert response.status_code == 403
        assert response.json()["type"] == "urn:giaothuong:problem:permission_denied"
    body = _queue(moderator_client, kind)
    assert body["count"] == 0 and body["results"] == []


def test_an_unknown_queue_is_404(moderator_client):
    response = moderator_client.get("/api/v1/moderation/queue/cats/")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_products_oldest_first_with_what_changed_since_approval(
    vendor_client, moderator_client, moderator, owner, vendor, product, settings
):
    """A published product edited by its member goes back to review (D4); the entry shows the
    edited reviewed fields with their approved values, and the approve link works."""
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        product.status = ProductStatus.PENDING_REVIEW
        product.save()
        product_approve(product=product, actor=moderator)
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        newer = vendor_client.post(
            "/api/v1/products/",
            {
                "vendor": vendor.slug,
                "name": "Bánh đa Hùng Lô",
                "category": "gao-ngu-coc",
                "unit": "kg",
                "price": 30000,
            },
            format="json",
        ).json()["slug"]
        assert vendor_client.post(f"/api/v1/products/{newer}/submit/").status_code == 200
    with time_machine.travel(timezone.now() - dt.timedelta(days=1)):
        edit = {"name": "Mì gạo Hùng Lô đặc biệt", "price": 50000}
        assert vendor_client.patch(f"/api/v1/products/{product.slug}/", edit).status_code == 200
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING_REVIEW

    body = _queue(moderator_client, "products")
    assert body["count"] == 2
    first, second = body["results"]
    assert [first["id"], second["id"]] == [newer, product.slug]  # submitted earlier first
    assert first["changes"] is None  # never approved: everything is new
    assert first["submitted_by"] == {"email": owner.email, "full_name": owner.full_name}
    assert second["kind"] == "products"
    assert second["title"] == "Mì gạo Hùng Lô đặc biệt"
    assert second["status"] == "pending_review"
    assert second["storefront"]["slug"] == vendor.slug
    assert second["submitted_by"]["email"] == owner.email
    assert second["waiting_since"].endswith(HCM)
    assert second["url"] == f"http://testserver/api/v1/products/{product.slug}/"
    assert second["details"]["description"] == product.description
    changes = second["changes"]
    assert changes["before_known"] is True
    assert changes["since"].endswith(HCM)
    # the price is a commercial term, not reviewed: not listed
    assert changes["fields"] == [
        {"field": "name", "before": "Mì gạo Hùng Lô", "after": "Mì gạo Hùng Lô đặc biệt"}
    ]
    assert second["previous_decision"]["status"] == "published"
    assert second["previous_decision"]["by"]["email"] == moderator.email
    actions = {a["name"]: a for a in second["actions"]}
    assert actions["reject"]["reason_required"] is True
    approve = actions["approve"]
    assert approve["method"] == "POST"
    assert approve["url"] == f"http://testserver/api/v1/products/{product.slug}/approve/"

    assert moderator_client.post(approve["url"]).status_code == 200
    assert [e["id"] for e in _queue(moderator_client, "products")["results"]] == [newer]


def test_products_approved_before_snapshots_name_the_edited_fields(
    vendor_client, moderator_client, moderator, product
):
    """An approval recorded before approved states were kept: the fields edited since are
    named, without their old values."""
    audit_record(
        actor=moderator,
        action="catalog.product.published",
        target=product,
        from_state="pending_review",
        to_state="published",
    )
    vendor_client.patch(f"/api/v1/products/{product.slug}/", {"description": "Mới"})
    (entry,) = _queue(moderator_client, "products")["results"]
    assert entry["changes"]["before_known"] is False
    assert entry["changes"]["fields"] == [{"field": "description", "before": None, "after": "Mới"}]


def test_a_moderators_edit_of_a_published_product_counts_as_approved(
    vendor_client, moderator_client, product
):
    assert (
        moderator_client.patch(
            f"/api/v1/products/{product.slug}/", {"name": "Sửa bởi kiểm duyệt"}
        ).status_code
        == 200
    )
    vendor_client.patch(f"/api/v1/products/{product.slug}/", {"gtin": "8934563138165"})
    (entry,) = _queue(moderator_client, "products")["results"]
    assert entry["changes"]["fields"] == [{"field": "gtin", "before": "", "after": "8934563138165"}]


def test_the_list_is_paged(moderator_client, vendor):
    for n in range(3):
        ProductFactory(
            vendor=vendor,
            status=ProductStatus.PENDING_REVIEW,
            submitted_at=timezone.now() - dt.timedelta(hours=10 - n),
        )
    page = _queue(moderator_client, "products", page_size=2)
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    rest = moderator_client.get(page["next"]).json()
    assert len(rest["results"]) == 1


def test_vendors_show_the_last_rejection_and_the_decision_links(
    buyer_client, buyer, moderator_client
):
    vendor = VendorFactory(status=VendorStatus.PENDING, approved_at=None)
    MembershipFactory(vendor=vendor, user=buyer)
    reject = f"/api/v1/vendors/{vendor.slug}/reject/"
    assert moderator_client.post(reject, {"reason": "Thiếu mã số thuế"}).status_code == 200
    assert buyer_client.post(f"/api/v1/vendors/{vendor.slug}/resubmit/").status_code == 200

    (entry,) = _queue(moderator_client, "vendors")["results"]
    assert entry["id"] == vendor.slug
    assert entry["submitted_by"]["email"] == buyer.email
    assert entry["previous_decision"]["status"] == "rejected"
    assert entry["previous_decision"]["reason"] == "Thiếu mã số thuế"
    assert entry["previous_decision"]["at"].endswith(HCM)
    assert entry["changes"] is None
    assert entry["details"]["tax_code"] == vendor.tax_code
    assert [a["url"] for a in entry["actions"]] == [
        f"http://testserver/api/v1/vendors/{vendor.slug}/approve/",
        f"http://testserver/api/v1/vendors/{vendor.slug}/reject/",
    ]
    assert moderator_client.post(entry["actions"][0]["url"]).status_code == 200
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.APPROVED
    assert _queue(moderator_client, "vendors")["count"] == 0


def test_certificates_and_awards(vendor_client, moderator_client, product):
    cert = CertificateFactory(product=product, status="pending_verification")
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/awards/",
        {
            "level": "province",
            "year": 2024,
            "product_group": "processed_food",
            "issuer": "UBND tỉnh Phú Thọ",
        },
        format="json",
    )
    assert response.status_code == 201
    award = RuralIndustryAward.objects.get()

    (entry,) = _queue(moderator_client, "certificates")["results"]
    assert entry["id"] == str(cert.pk)
    assert entry["details"]["certificate_number"] == cert.certificate_number
    assert entry["attachments"] == []  # no scan uploaded
    assert [a["name"] for a in entry["actions"]] == ["verify", "reject"]
    assert entry["actions"][0]["url"].endswith(f"/api/v1/certificates/{cert.pk}/verify/")

    (entry,) = _queue(moderator_client, "awards")["results"]
    assert entry["id"] == str(award.pk)
    assert entry["storefront"]["slug"] == product.vendor.slug
    assert entry["details"]["issuer"] == "UBND tỉnh Phú Thọ"
    assert moderator_client.post(entry["actions"][0]["url"]).status_code == 200
    award.refresh_from_db()
    assert award.status == "verified"


def test_the_counts_answer_in_ho_chi_minh_time_and_count_awards(moderator_client, vendor):
    ProductFactory(vendor=vendor, status=ProductStatus.PENDING_REVIEW, submitted_at=timezone.now())
    body = moderator_client.get("/api/v1/moderation/queue/").json()
    assert body["products"]["pending"] == 1
    assert body["products"]["oldest"].endswith(HCM)
    assert body["as_of"].endswith(HCM)
    assert body["awards"] == {"pending": 0, "oldest": None}


def test_a_page_costs_the_same_whatever_its_size(
    moderator_client, vendor, django_assert_max_num_queries
):
    for _ in range(5):
        ProductFactory(
            vendor=vendor, status=ProductStatus.PENDING_REVIEW, submitted_at=timezone.now()
        )
    with django_assert_max_num_queries(8):
        assert len(_queue(moderator_client, "products")["results"]) == 5


def test_refusals_are_in_vietnamese(moderator_client, api_client):
    response = moderator_client.get("/api/v1/moderation/queue/cats/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["detail"] == "Không có hàng chờ kiểm duyệt này."
    response = api_client.get("/api/v1/certificates/scans/x/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Đường dẫn tới bản scan không hợp lệ")


def test_oldest_first_by_when_it_was_last_submitted(
    buyer, buyer_client, vendor_client, moderator_client, product
):
    """A storefront or certificate corrected after a rejection waits from its resubmission,
    not from its creation."""
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        early = VendorFactory(status=VendorStatus.PENDING, approved_at=None)
        MembershipFactory(vendor=early, user=buyer)
        early_cert = CertificateFactory(product=product, status="pending_verification")
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        later = VendorFactory(status=VendorStatus.PENDING, approved_at=None)
        later_cert = CertificateFactory(product=product, status="pending_verification")
    moderator_client.post(f"/api/v1/vendors/{early.slug}/reject/", {"reason": "Thiếu"})
    moderator_client.post(f"/api/v1/certificates/{early_cert.pk}/reject/", {"reason": "Mờ"})
    assert buyer_client.post(f"/api/v1/vendors/{early.slug}/resubmit/").status_code == 200
    response = vendor_client.patch(
        f"/api/v1/certificates/{early_cert.pk}/", {"issuing_body": "UBND tỉnh Phú Thọ (mới)"}
    )
    assert response.status_code == 200, response.content

    vendors = _queue(moderator_client, "vendors")["results"]
    assert [e["id"] for e in vendors] == [later.slug, early.slug]
    certificates = _queue(moderator_client, "certificates")["results"]
    assert [e["id"] for e in certificates] == [str(later_cert.pk), str(early_cert.pk)]
    assert certificates[1]["previous_decision"]["reason"] == "Mờ"
