"""A fair end to end over the API: a storefront's new product is published, an organizer opens
a fair, the storefront applies with it, the product shows in the fair's showcase and the
product list's `fair` filter; a second storefront waits, the first withdraws, the second is
promoted; cancelling the fair takes the showcase down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ProductFactory
from tests.factories.fairs import OrganizerFactory

pytestmark = pytest.mark.django_db


def test_fair_from_creation_to_cancellation(
    vendor_client, vendor, other_vendor_client, other_vendor, moderator_client
):
    organizer = client_for(OrganizerFactory(email="xttm@example.vn"))
    created = vendor_client.post(
        "/api/v1/products/",
        {
            "vendor": vendor.slug,
            "name": "Mì gạo Hùng Lô đặc biệt",
            "category": "gao-ngu-coc",
            "unit": "kg",
            "price": 55000,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    assert vendor_client.post(f"/api/v1/products/{slug}/submit/").status_code == 200
    assert moderator_client.post(f"/api/v1/products/{slug}/approve/").status_code == 200
    product_id = vendor.products.get(slug=slug).pk

    now = timezone.now()
    fair = organizer.post(
        "/api/v1/fairs/",
        {
            "name": "Hội chợ Xúc tiến thương mại Việt Trì",
            "kind": "hybrid",
            "venue": "Quảng trường Hùng Vương",
            "province": 25,
            "online_url": "https://hoicho.example.vn/viet-tri",
            "registration_opens_at": (now - dt.timedelta(hours=1)).isoformat(),
            "registration_closes_at": (now + dt.timedelta(days=10)).isoformat(),
            "starts_at": (now + dt.timedelta(days=12)).isoformat(),
            "ends_at": (now + dt.timedelta(days=14)).isoformat(),
        },
        format="json",
    ).json()
    booth = organizer.post(
        f"/api/v1/fairs/{fair['slug']}/booth-types/",
        {"name": "Gian tiêu chuẩn", "size": "3m × 3m", "price": 3_000_000, "count": 1},
        format="json",
    ).json()
    assert organizer.post(f"/api/v1/fairs/{fair['slug']}/open/").json()["status"] == "open"

    def apply(client, vendor_slug, products):
        return client.post(
            f"/api/v1/fairs/{fair['slug']}/applications/",
            {
                "vendor": vendor_slug,
                "booth_type": booth["id"],
                "products": products,
                "contact_name": "Nguyễn Thị Hoa",
                "contact_phone": "0912345678",
                "contact_email": f"{vendor_slug}@example.vn",
            },
            format="json",
        ).json()

    first = apply(vendor_client, vendor.slug, [product_id])
    other_product = ProductFactory(vendor=other_vendor)
    second = apply(other_vendor_client, other_vendor.slug, [other_product.pk])
    assert (first["status"], second["status"]) == ("approved", "waitlisted")

    def shown():
        listed = client_for().get(f"/api/v1/products/?fair={fair['slug']}").json()["results"]
        showcase = client_for().get(f"/api/v1/fairs/{fair['slug']}/showcase/").json()["results"]
        assert [p["slug"] for p in listed] == [p["slug"] for p in showcase]
        return [p["slug"] for p in listed]

    assert shown() == [slug]
    vendor_client.post(f"/api/v1/fairs/applications/{first['id']}/cancel/")
    assert shown() == [other_product.slug]
    promoted = other_vendor_client.get(f"/api/v1/fairs/applications/{second['id']}/").json()
    assert promoted["status"] == "approved"

    organizer.post(f"/api/v1/fairs/{fair['slug']}/cancel/", {"reason": "Hoãn"}, format="json")
    assert shown() == []
    assert fair["slug"] not in [
        f["slug"] for f in client_for().get("/api/v1/fairs/").json()["results"]
    ]
