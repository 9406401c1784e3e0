"""Inquiries over the API: a buyer asks, the storefront answers, nobody else sees the thread."""

import pytest
from django.core import mail

from orders.models import Inquiry
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_inquiry_thread_between_buyer_and_storefront(
    buyer_client,
    vendor_client,
    product,
    moderator_client,
    other_vendor_client,
    owner,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.post(
            "/api/v1/inquiries/",
            {
                "product": product.slug,
                "quantity": 200,
                "message": "Cho tôi báo giá sỉ 200 gói.",
                "contact_name": "Lê Văn Mua",
                "contact_phone": "0912 345 678",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    inquiry_id = response.json()["id"]
    assert mail.outbox[0].to == [owner.email]

    seen = vendor_client.get("/api/v1/inquiries/", {"role": "vendor"}).json()
    assert [i["id"] for i in seen["results"]] == [inquiry_id]
    reply = vendor_client.post(
        f"/api/v1/inquiries/{inquiry_id}/messages/", {"body": "Giá 38.000đ/gói."}
    )
    assert reply.status_code == 201
    thread = buyer_client.get(f"/api/v1/inquiries/{inquiry_id}/").json()
    assert thread["status"] == "answered"
    assert [m["from_vendor"] for m in thread["messages"]] == [False, True]
    assert moderator_client.get(f"/api/v1/inquiries/{inquiry_id}/").status_code == 200
    assert other_vendor_client.get(f"/api/v1/inquiries/{inquiry_id}/").status_code == 404
    assert other_vendor_client.get("/api/v1/inquiries/").json()["count"] == 0


def test_inquiry_below_minimum_order_or_about_hidden_product_refused(buyer_client, vendor):
    p = ProductFactory(vendor=vendor, min_order_quantity=50)
    hidden = ProductFactory(vendor=vendor, status="draft")
    base = {"quantity": 10, "message": "?", "contact_name": "A"}
    assert buyer_client.post("/api/v1/inquiries/", {**base, "product": p.slug}).status_code == 400
    assert (
        buyer_client.post(
            "/api/v1/inquiries/", {**base, "quantity": 60, "product": hidden.slug}
        ).status_code
        == 404
    )
    assert not Inquiry.objects.exists()
