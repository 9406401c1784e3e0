"""The demo's lots: flagship products with full timelines, one recalled (issue 14)."""

from __future__ import annotations

import pytest

from demo.lots import RECALL_REASON, demo_lots_load, demo_lots_summary
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from traceability.models import Lot

pytestmark = pytest.mark.django_db


def test_demo_lots_have_timelines_and_one_is_recalled(api_client, product):
    che = VendorFactory(slug="htx-che")
    MembershipFactory(vendor=che, user=UserFactory())
    ProductFactory(vendor=che, slug="che-xanh-thanh-ba", name="Chè xanh Thanh Ba")
    assert demo_lots_load() == 4
    recalled = Lot.objects.get(status="recalled")
    assert recalled.product.name == "Chè xanh Thanh Ba"
    record = api_client.get(f"/api/v1/trace/{recalled.public_code}/").json()
    assert record["recall"]["reason"] == RECALL_REASON
    assert [e["kind"] for e in record["events"]] == ["harvest", "processing", "packing"]
    mi_gao = Lot.objects.filter(product=product, status="published").first()
    events = api_client.get(f"/api/v1/trace/{mi_gao.public_code}/").json()["events"]
    assert len(events) == 4
    assert demo_lots_summary() == ["Lots: 3 published, 1 recalled"]
