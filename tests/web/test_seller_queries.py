"""The seller center's trade pages run in a bounded number of queries, whatever the number of
rows on the page (seller16b, D236)."""

from __future__ import annotations

import pytest

from orders.models import InquiryMessage
from orders.services.complaints import complaint_open
from orders.services.reviews import review_create
from tests.factories import InquiryFactory, ProductFactory
from tests.factories.fairs import ExhibitorApplicationFactory
from tests.factories.fairs_visitors import MeetingFactory, SlotFactory
from tests.factories.orders import place_order
from tests.web.helpers import HTML
from tests.web.seller_trade import deliver
from traceability.models import Lot, LotEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


def _rows(vendor, owner, buyer, n):
    for i in range(n):
        product = ProductFactory(vendor=vendor)
        lot = Lot.objects.create(
            product=product,
            code=f"L{i}",
            public_code=f"Q{product.pk:011d}",
            produced_on="2026-07-01",
        )
        LotEvent.objects.create(
            lot=lot, kind="harvest", occurred_at="2026-07-01T07:00Z", actor_name="Tổ"
        )
        inquiry = InquiryFactory(product=product)
        InquiryMessage.objects.create(inquiry=inquiry, author=inquiry.buyer, body="?")
        order = deliver(place_order(buyer, product, quantity=1), owner)
        review_create(order=order, actor=buyer, stars=4, text="Ngon")
        complaint_open(order=order, actor=buyer, reason="damaged", body="Rách")
        application = ExhibitorApplicationFactory(vendor=vendor)
        meeting = MeetingFactory(fair=application.fair, vendor=vendor)
        meeting.preferred_slots.add(SlotFactory(fair=application.fair))


@pytest.mark.parametrize(
    "path", ["don-hang/", "hoi-hang/", "danh-gia/", "khieu-nai/", "lo-hang/", "hoi-cho/"]
)
def test_a_list_page_costs_the_same_for_2_rows_as_for_6(
    seller, vendor, owner, buyer, path, django_assert_max_num_queries
):
    url = f"/ban-hang/{vendor.slug}/{path}"
    _rows(vendor, owner, buyer, 2)
    with django_assert_max_num_queries(100) as few:
        assert seller.get(url, **HTML).status_code == 200
    _rows(vendor, owner, buyer, 4)
    with django_assert_max_num_queries(
        len(few.captured_queries) + (6 if path == "hoi-cho/" else 0)
    ) as many:
        assert seller.get(url, **HTML).status_code == 200
    assert len(many.captured_queries) <= 20, [q["sql"][:80] for q in many.captured_queries]
