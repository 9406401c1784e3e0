"""`feed_backfill`: the feed read from its start covers what was public before it existed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from partners.models import Change
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db


def test_backfill_records_every_public_object_and_nothing_else(product):
    cert = CertificateFactory(product=product)
    ProductFactory(vendor=product.vendor, status="draft", published_at=None)
    hidden = VendorFactory(status="suspended")
    ProductFactory(vendor=hidden)  # published, but its storefront is not
    out = StringIO()
    call_command("feed_backfill", stdout=out)
    assert "3 snapshot changes" in out.getvalue()
    assert set(Change.objects.values_list("kind", "object_id", "event")) == {
        ("vendor", product.vendor_id, "snapshot"),
        ("product", product.pk, "snapshot"),
        ("certificate", cert.pk, "snapshot"),
    }
    api = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    body = api.get("/api/v1/feed/changes/").json()
    assert {
        (e["kind"], e["resource"]["slug"] if e["kind"] != "certificate" else "")
        for e in body["results"]
    } == {("vendor", product.vendor.slug), ("product", product.slug), ("certificate", "")}
