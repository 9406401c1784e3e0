"""The seller center's fairs (seller16b): applying to an open fair through application_submit
(refusals beside the fields), the applications and their results, meeting requests received
(accept into a slot, decline with a reason) and another storefront's meeting is a 404."""

from __future__ import annotations

import pytest

from fairs.models import ExhibitorApplication, MeetingStatus
from tests.factories.fairs import BoothTypeFactory, ExhibitorApplicationFactory
from tests.factories.fairs_visitors import MeetingFactory, SlotFactory, TableFactory
from tests.web.helpers import HTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


def test_apply_to_an_open_fair_and_see_the_result(seller, vendor, product):
    booth = BoothTypeFactory(name="Gian tiêu chuẩn")
    fair = booth.fair
    base = f"/ban-hang/{vendor.slug}/hoi-cho/"
    assert f"{base}{fair.slug}/dang-ky/" in seller.get(base, **HTML).content.decode()
    form = seller.get(f"{base}{fair.slug}/dang-ky/", **HTML)
    assert form.status_code == 200 and "Mì gạo Hùng Lô" in form.content.decode()

    refused = seller.post(
        f"{base}{fair.slug}/dang-ky/",
        {
            "booth_type": booth.pk,
            "quantity": 99,
            "products": [product.slug],
            "contact_name": "Hoa",
            "contact_phone": "0912345678",
            "contact_email": "hoa@example.vn",
        },
    )
    assert refused.status_code == 400 and "has-error" in refused.content.decode()

    response = seller.post(
        f"{base}{fair.slug}/dang-ky/",
        {
            "booth_type": booth.pk,
            "quantity": 1,
            "products": [product.slug],
            "contact_name": "Hoa",
            "contact_phone": "0912345678",
            "contact_email": "hoa@example.vn",
        },
    )
    assert response.status_code == 302
    application = ExhibitorApplication.objects.get(fair=fair, vendor=vendor)
    html = seller.get(base, **HTML).content.decode()
    assert application.get_status_display() in html and "Gian tiêu chuẩn" in html


def test_a_received_meeting_accepted_then_another_declined(seller, vendor, buyer):
    application = ExhibitorApplicationFactory(vendor=vendor)
    fair = application.fair
    slot = SlotFactory(fair=fair)
    TableFactory(fair=fair)
    meeting = MeetingFactory(fair=fair, vendor=vendor, buyer=buyer)
    meeting.preferred_slots.add(slot)
    other = MeetingFactory(fair=fair, vendor=vendor)
    base = f"/ban-hang/{vendor.slug}/hoi-cho/"

    html = seller.get(base, **HTML).content.decode()
    assert "Chúng tôi muốn nhập mì gạo" in html and f"gap-mat/{meeting.pk}/nhan/" in html

    assert seller.post(f"{base}gap-mat/{meeting.pk}/nhan/", {"slot": slot.pk}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot_id) == (MeetingStatus.ACCEPTED, slot.pk)

    assert (
        seller.post(f"{base}gap-mat/{other.pk}/tu-choi/", {"reason": "Kín lịch"}).status_code == 302
    )
    other.refresh_from_db()
    assert (other.status, other.status_reason) == (MeetingStatus.DECLINED, "Kín lịch")
    assert seller.post(f"{base}gap-mat/{other.pk}/tu-choi/", {"reason": "x"}).status_code == 409


def test_another_storefronts_meeting_is_a_404(seller, vendor, other_vendor):
    theirs = MeetingFactory(vendor=other_vendor)

    response = seller.post(
        f"/ban-hang/{vendor.slug}/hoi-cho/gap-mat/{theirs.pk}/tu-choi/", {"reason": "x"}
    )

    assert response.status_code == 404
