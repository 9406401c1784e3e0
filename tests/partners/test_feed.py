"""The partner change feed: entries in a stable order, tombstones, cursors, scopes, query
counts, and the commit-order guarantee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog.services.categories import category_save
from catalog.services.certificates import certificate_revoke, certificate_verify
from catalog.services.products import (
    product_approve,
    product_archive,
    product_restore,
    product_submit,
)
from marketplace.services import vendors as vendor_services
from partners.models import Change
from partners.selectors.feed import cursor_encode
from partners.services.changes import changes_record
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db

FEED = "/api/v1/feed/changes/"


@pytest.fixture
def partner():
    return partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))


def _pending(vendor, **kw):
    return ProductFactory(vendor=vendor, status="pending_review", published_at=None, **kw)


def _read_all(api, cursor=None, **params):
    entries, pages = [], 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        body = api.get(FEED, query).json()
        entries += body["results"]
        cursor = body["next_cursor"]
        pages += 1
        if not body["has_more"]:
            return entries, cursor, pages


def test_published_product_appears_with_its_public_item(partner, api_client, vendor, moderator):
    product = _pending(vendor, name="Chè Thanh Ba")
    product_approve(product=product, actor=moderator)
    entries, _, _ = _read_all(partner)
    [entry] = [e for e in entries if e["kind"] == "product"]
    assert entry["id"] == product.pk
    assert entry["event"] == "product.published"
    assert entry["tombstone"] is False
    public = api_client.get("/api/v1/products/", {"page_size": 100}).json()["results"]
    assert entry["resource"] == next(p for p in public if p["slug"] == product.slug)


def test_archived_product_becomes_a_tombstone(partner, vendor, owner, moderator):
    product = _pending(vendor)
    product_approve(product=product, actor=moderator)
    _, cursor, _ = _read_all(partner)
    product_archive(product=product, actor=owner)
    entries, _, _ = _read_all(partner, cursor)
    assert [(e["kind"], e["id"], e["event"], e["tombstone"], e["resource"]) for e in entries] == [
        ("product", product.pk, "product.unpublished", True, None)
    ]


def test_suspended_storefront_tombstones_it_and_its_products(partner, moderator):
    vendor = VendorFactory(status="pending")
    product = ProductFactory(vendor=vendor)
    vendor_services.vendor_approve(vendor=vendor, actor=moderator)
    entries, cursor, _ = _read_all(partner)
    assert {(e["kind"], e["id"], e["tombstone"]) for e in entries} == {
        ("vendor", vendor.pk, False),
        ("product", product.pk, False),
    }
    vendor_entry = next(e for e in entries if e["kind"] == "vendor")
    assert vendor_entry["resource"]["slug"] == vendor.slug
    assert "product_count" not in vendor_entry["resource"]
    vendor_services.vendor_suspend(vendor=vendor, actor=moderator, reason="Hàng giả")
    entries, _, _ = _read_all(partner, cursor)
    assert {(e["kind"], e["id"], e["event"], e["tombstone"]) for e in entries} == {
        ("vendor", vendor.pk, "vendor.suspended", True),
        ("product", product.pk, "product.unpublished", True),
    }


def test_revoked_certificate_is_a_tombstone_and_its_product_changes(partner, product, moderator):
    cert = CertificateFactory(product=product, status="pending_verification")
    certificate_verify(certificate=cert, actor=moderator)
    entries, cursor, _ = _read_all(partner)
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["certificate"]["resource"]["product"] == product.slug
    assert by_kind["product"]["resource"]["ocop_stars"] == 4
    certificate_revoke(certificate=cert, actor=moderator, reason="Sai hồ sơ")
    entries, _, _ = _read_all(partner, cursor)
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["certificate"]["tombstone"] is True
    assert by_kind["certificate"]["event"] == "certificate.revoked"
    assert by_kind["product"]["resource"]["ocop_stars"] is None


def test_pages_follow_in_order_and_collapse_to_the_latest_change(partner, product):
    others = ProductFactory.create_batch(4, vendor=product.vendor)
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    changes_record(kind="product", object_ids=[p.pk for p in others], event="product.updated")
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    first = partner.get(FEED, {"page_size": 6}).json()
    # Six changes, five objects: the first change of `product` folds into its last.
    assert [e["id"] for e in first["results"]] == [p.pk for p in others] + [product.pk]
    assert first["has_more"] is False
    again = partner.get(FEED, {"page_size": 2}).json()
    assert again["has_more"] is True
    rest, _, pages = _read_all(partner, again["next_cursor"], page_size=2)
    assert pages == 2
    assert [e["id"] for e in again["results"] + rest] == (
        [product.pk] + [p.pk for p in others] + [product.pk]
    )
    # Nothing new: an empty page that keeps the cursor.
    last = partner.get(FEED, {"cursor": first["next_cursor"]}).json()
    assert last == {"results": [], "next_cursor": first["next_cursor"], "has_more": False}


def test_updated_since_starts_at_that_time(partner, product):
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    Change.objects.update(at=timezone.now() - dt.timedelta(days=2))
    newer = ProductFactory(vendor=product.vendor)
    changes_record(kind="product", object_ids=[newer.pk], event="product.updated")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    body = partner.get(FEED, {"updated_since": since}).json()
    assert [e["id"] for e in body["results"]] == [newer.pk]


def test_order_is_transaction_then_id(partner, product):
    """A change written by an older transaction (smaller txid) comes first even with a larger
    id: on PostgreSQL that is what keeps a late commit from landing behind a cursor."""
    later = ProductFactory(vendor=product.vendor)
    Change.objects.bulk_create(
        [
            Change(kind="product", object_id=later.pk, event="product.updated", at=timezone.now()),
            Change(
                kind="product", object_id=product.pk, event="product.updated", at=timezone.now()
            ),
        ]
    )
    first, second = Change.objects.order_by("id")
    Change.objects.filter(pk=first.pk).update(txid=20)
    Change.objects.filter(pk=second.pk).update(txid=10)
    body = partner.get(FEED).json()
    assert [e["id"] for e in body["results"]] == [product.pk, later.pk]
    resumed = partner.get(FEED, {"cursor": body["results"][0]["cursor"]}).json()
    assert [e["id"] for e in resumed["results"]] == [later.pk]


def test_kinds_filter_and_scopes(product, api_client):
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    changes_record(kind="vendor", object_ids=[product.vendor_id], event="vendor.updated")
    reader = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    body = reader.get(FEED, {"kinds": "vendor"}).json()
    assert [(e["kind"], e["id"]) for e in body["results"]] == [("vendor", product.vendor_id)]
    refused = reader.get(FEED, {"kinds": "product,fair"})
    assert refused.status_code == 403
    assert "fairs:read" in refused.json()["detail"]
    bad = reader.get(FEED, {"kinds": "inquiry"})
    assert bad.status_code == 400
    assert "kinds" in bad.json()["errors"]
    writer_only = partner_api(partner_key(PartnerClientFactory(scopes=["listings:write"])))
    assert writer_only.get(FEED).status_code == 403
    assert api_client.get(FEED).status_code == 401


def test_moderator_reads_the_feed(moderator_client, product):
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    assert moderator_client.get(FEED).json()["results"][0]["id"] == product.pk


@pytest.mark.parametrize("cursor", ["nonsense!", cursor_encode((0, 1))[:-1] + "@@", "LTEuLTE"])
def test_a_bad_cursor_is_refused(partner, cursor):
    response = partner.get(FEED, {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_applications_and_registrations_stay_out_of_the_feed(partner, product):
    changes_record(kind="application", object_ids=[1], event="application.changed")
    changes_record(kind="registration", object_ids=[1], event="registration.changed")
    assert partner.get(FEED).json()["results"] == []


def test_query_count_does_not_grow_with_the_page(partner, django_assert_max_num_queries, vendor):
    def page_of(n):
        Change.objects.all().delete()
        products = ProductFactory.create_batch(n, vendor=vendor)
        for p in products:
            CertificateFactory(product=p)
        changes_record(kind="product", object_ids=[p.pk for p in products], event="product.updated")
        changes_record(kind="vendor", object_ids=[vendor.pk], event="vendor.updated")
        changes_record(
            kind="certificate",
            object_ids=[c.pk for p in products for c in p.certificates.all()],
            event="certificate.verified",
        )

    page_of(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert len(partner.get(FEED).json()["results"]) == 7
    page_of(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(partner.get(FEED).json()["results"]) == 61


def test_recording_schedules_one_dispatch_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        changes_record(kind="product", object_ids=[1, 2], event="product.updated")
        changes_record(kind="vendor", object_ids=[3], event="vendor.updated")
    assert len(callbacks) == 1
    assert Change.objects.count() == 3
    with pytest.raises(ValueError):
        changes_record(kind="inquiry", object_ids=[1], event="inquiry.changed")


def test_a_new_picture_reaches_the_feed_with_its_renditions(
    partner, product, owner, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media.services import product_image_add
    from tests.media.corpus import jpeg

    settings.MEDIA_ROOT = tmp_path / "public"
    settings.MEDIA_PRIVATE_ROOT = tmp_path / "private"
    _, cursor, _ = _read_all(partner)
    upload = SimpleUploadedFile("mi.jpg", jpeg(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made after commit
        product_image_add(product=product, actor=owner, upload=upload)
    entries, _, _ = _read_all(partner, cursor)
    [entry] = entries
    assert (entry["kind"], entry["id"], entry["event"]) == (
        "product",
        product.pk,
        "product.updated",
    )
    assert entry["resource"]["images"] and entry["resource"]["images"][0]["renditions"]
    # One change for the upload, one when the renditions (the public URLs) were made.
    assert Change.objects.filter(kind="product", object_id=product.pk).count() == 2


def test_a_renamed_category_updates_its_public_products(partner, product):
    _, cursor, _ = _read_all(partner)
    category = product.category
    category.name = "Gạo và ngũ cốc đặc sản"
    category_save(category=category)
    entries, _, _ = _read_all(partner, cursor)
    assert [(e["id"], e["resource"]["category"]["name"]) for e in entries] == [
        (product.pk, "Gạo và ngũ cốc đặc sản")
    ]


def test_fairs_need_their_scope_and_a_cancelled_fair_is_a_tombstone(moderator, api_client):
    from fairs.services.fairs import fair_cancel, fair_update
    from tests.factories.fairs import FairFactory

    fair = FairFactory(name="Hội chợ OCOP Phú Thọ")
    fair_update(fair=fair, actor=moderator, venue="Quảng trường Hùng Vương")
    both = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read", "fairs:read"])))
    catalog_only = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    assert catalog_only.get(FEED).json()["results"] == []  # fairs are not among its kinds
    entries, cursor, _ = _read_all(both)
    [entry] = entries
    assert (entry["kind"], entry["event"]) == ("fair", "fair.updated")
    public = api_client.get("/api/v1/fairs/").json()["results"]
    assert entry["resource"] == next(f for f in public if f["slug"] == fair.slug)
    fair_cancel(fair=fair, actor=moderator, reason="Mưa bão")
    entries, _, _ = _read_all(both, cursor)
    assert [(e["event"], e["tombstone"]) for e in entries] == [("fair.cancelled", True)]


def test_a_certificate_goes_and_comes_back_with_its_product(partner, product, owner, moderator):
    cert = CertificateFactory(product=product)
    _, cursor, _ = _read_all(partner)
    product_archive(product=product, actor=owner)
    entries, cursor, _ = _read_all(partner, cursor)
    assert {(e["kind"], e["id"], e["tombstone"]) for e in entries} == {
        ("product", product.pk, True),
        ("certificate", cert.pk, True),
    }
    product_restore(product=product, actor=owner)
    product_submit(product=product, actor=owner)
    product_approve(product=product, actor=moderator)
    entries, _, _ = _read_all(partner, cursor)
    assert {(e["kind"], e["id"], e["tombstone"]) for e in entries} == {
        ("product", product.pk, False),
        ("certificate", cert.pk, False),
    }
