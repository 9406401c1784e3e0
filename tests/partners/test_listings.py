"""A partner writing listings for storefronts that granted it access; Idempotency-Key."""

from __future__ import annotations

import pytest

from catalog.models import Product
from core.models import AuditLog
from partners.models import IdempotencyRecord, StorefrontGrant
from partners.services.idempotency import idempotency_records_purge
from tests.factories import ProductFactory
from tests.factories.partners import (
    PartnerClientFactory,
    StorefrontGrantFactory,
    partner_api,
    partner_key,
)

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"


@pytest.fixture
def writer(db):
    return PartnerClientFactory(name="Sàn Bưu điện", scopes=["catalog:read", "listings:write"])


@pytest.fixture
def writer_api(writer):
    return partner_api(partner_key(writer))


@pytest.fixture
def granted(vendor, writer):
    return StorefrontGrantFactory(vendor=vendor, client=writer)


def _new(vendor, name="Chè búp Thanh Ba") -> dict:
    return {
        "vendor": vendor.slug,
        "name": name,
        "category": "gao-ngu-coc",
        "unit": "kg",
        "price": 120000,
    }


# --- grants ---------------------------------------------------------------------------------


def test_owner_grants_lists_and_revokes(vendor_client, vendor, writer):
    url = f"/api/v1/vendors/{vendor.slug}/partner-grants/"
    created = vendor_client.post(url, {"client": writer.pk}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["client"]["name"] == "Sàn Bưu điện"
    again = vendor_client.post(url, {"client": writer.pk}, format="json")
    assert again.json()["id"] == created.json()["id"]  # one active grant per (storefront, client)
    assert [g["id"] for g in vendor_client.get(url).json()] == [created.json()["id"]]
    revoked = vendor_client.post(f"{url}{created.json()['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert not StorefrontGrant.objects.filter(revoked_at__isnull=True).exists()
    actions = list(AuditLog.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["storefront_grant.create", "storefront_grant.revoke"]


def test_only_owners_grant(other_vendor_client, buyer_client, vendor, writer):
    url = f"/api/v1/vendors/{vendor.slug}/partner-grants/"
    assert other_vendor_client.post(url, {"client": writer.pk}).status_code == 403
    assert buyer_client.get(url).status_code == 403
    assert buyer_client.get("/api/v1/vendors/khong-co/partner-grants/").status_code == 404


# --- partner writes -------------------------------------------------------------------------


def test_partner_creates_and_edits_for_a_granted_storefront(writer_api, writer, vendor, granted):
    created = writer_api.post(PRODUCTS, _new(vendor), format="json")
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    product = Product.objects.get(slug=slug)
    assert product.vendor == vendor and product.status == "draft" and product.created_by is None
    entry = AuditLog.objects.get(action="catalog.product.created")
    assert entry.actor is None
    assert entry.data["partner_client"] == {"id": writer.pk, "name": "Sàn Bưu điện"}
    # The partner opens and edits the storefront's draft (people see it 404).
    assert writer_api.get(f"{PRODUCTS}{slug}/").status_code == 200
    edited = writer_api.patch(f"{PRODUCTS}{slug}/", {"price": 52000}, format="json")
    assert edited.status_code == 200, edited.json()
    assert edited.json()["price"] == 52000
    updated = AuditLog.objects.get(action="catalog.product.updated")
    assert updated.data["partner_client"]["id"] == writer.pk


def test_no_grant_refused(writer_api, vendor, other_vendor, granted):
    # Create for a storefront that did not grant access: 403 (the storefront itself is public).
    refused = writer_api.post(
        PRODUCTS, _new(other_vendor), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 403
    assert "not granted" in refused.json()["detail"]
    # Edit a hidden product of such a storefront: 404, its existence does not leak (D3).
    draft = ProductFactory(vendor=other_vendor, status="draft", published_at=None)
    assert writer_api.patch(f"{PRODUCTS}{draft.slug}/", {"price": 1}).status_code == 404
    # Edit a published one of such a storefront: visible, so 403.
    public = ProductFactory(vendor=other_vendor)
    assert writer_api.patch(f"{PRODUCTS}{public.slug}/", {"price": 1}).status_code == 403
    assert Product.objects.get(pk=public.pk).price == 45000


def test_revoked_grant_refused(writer_api, vendor, granted):
    StorefrontGrant.objects.filter(pk=granted.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert writer_api.post(PRODUCTS, _new(vendor), format="json").status_code == 403


def test_write_scope_required(vendor):
    reader = PartnerClientFactory(scopes=["catalog:read"])
    StorefrontGrantFactory(vendor=vendor, client=reader)
    refused = partner_api(partner_key(reader)).post(PRODUCTS, _new(vendor), format="json")
    assert refused.status_code == 403
    assert "listings:write" in refused.json()["detail"]
    assert not Product.objects.filter(vendor=vendor, status="draft").exists()


def test_partner_cannot_moderate(writer_api, vendor, granted):
    pending = ProductFactory(vendor=vendor, status="pending_review", published_at=None)
    response = writer_api.post(f"{PRODUCTS}{pending.slug}/approve/", {}, format="json")
    assert response.status_code in (403, 404)
    assert Product.objects.get(pk=pending.pk).status == "pending_review"


# --- Idempotency-Key ------------------------------------------------------------------------


def test_replay_returns_the_first_response(writer_api, vendor, granted):
    first = writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    replay = writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert Product.objects.filter(vendor=vendor, name="Chè búp Thanh Ba").count() == 1
    # A new key is a new request.
    other = writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 201 and other.json()["slug"] != first.json()["slug"]


def test_same_key_different_body_is_422(writer_api, vendor, granted):
    writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    changed = writer_api.post(
        PRODUCTS, _new(vendor, "Chè xanh"), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert changed.status_code == 422
    assert changed.json()["type"] == "urn:giaothuong:problem:idempotency_key_reused"
    assert not Product.objects.filter(name="Chè xanh").exists()


def test_a_failed_request_is_not_stored(writer_api, vendor, granted):
    bad = {**_new(vendor), "unit": "khong-co"}
    assert (
        writer_api.post(PRODUCTS, bad, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 400
    )
    assert not IdempotencyRecord.objects.exists()
    # The partner fixes the body and retries with the same key.
    fixed = writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert fixed.status_code == 201


def test_keys_are_per_client(writer_api, vendor, granted):
    other = PartnerClientFactory(scopes=["catalog:read", "listings:write"])
    StorefrontGrantFactory(vendor=vendor, client=other)
    writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k")
    theirs = partner_api(partner_key(other)).post(
        PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs


def test_people_requests_ignore_the_header(vendor_client, vendor):
    for _ in range(2):
        response = vendor_client.post(
            PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k"
        )
        assert response.status_code == 201
    assert not IdempotencyRecord.objects.exists()


def test_old_records_are_purged(settings, writer_api, vendor, granted):
    from datetime import timedelta

    from django.utils import timezone

    settings.IDEMPOTENCY_KEY_TTL_HOURS = 1
    writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert idempotency_records_purge() == 0
    assert idempotency_records_purge(now=timezone.now() + timedelta(hours=2)) == 1
    assert not IdempotencyRecord.objects.exists()


def test_an_abandoned_claim_is_taken_over(writer_api, vendor, granted):
    from datetime import timedelta

    from django.utils import timezone

    body = _new(vendor)
    writer_api.post(PRODUCTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    # As if the worker had died mid-request: the claim stays, the write rolled back.
    Product.objects.filter(vendor=vendor, name=body["name"]).delete()
    IdempotencyRecord.objects.update(state="in_progress", status_code=None, response_body=None)
    busy = writer_api.post(PRODUCTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert busy.status_code == 409
    assert busy.json()["type"] == "urn:giaothuong:problem:idempotency_in_progress"
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    retried = writer_api.post(PRODUCTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert Product.objects.filter(vendor=vendor, name=body["name"]).count() == 1
    assert IdempotencyRecord.objects.get().state == "done"


def test_grant_list_does_not_grow_with_rows(vendor_client, vendor, django_assert_num_queries):
    for _ in range(4):
        StorefrontGrantFactory(vendor=vendor)
    url = f"/api/v1/vendors/{vendor.slug}/partner-grants/"
    with django_assert_num_queries(4):  # storefront + its pictures, ownership, grants+clients
        assert len(vendor_client.get(url).json()) == 4


@pytest.mark.parametrize("key", ["x" * 256, "khóa-một", "a\x00b", "two words"])
def test_malformed_idempotency_keys_are_refused(writer_api, vendor, granted, key):
    response = writer_api.post(PRODUCTS, _new(vendor), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["type"] == "urn:giaothuong:problem:invalid_idempotency_key"
    assert not Product.objects.filter(name="Chè búp Thanh Ba").exists()
