"""A buyer's own trade leads as pages (issue 16, orders16): post a buy lead (pending review),
edit it (a published one goes back to review, D171), see the offers received, close it; the
service's refusals beside the fields; another person's lead is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leads.models import Lead, LeadOffer, LeadStatus
from leads.services import leads, offers
from tests.factories import MembershipFactory, ProductFactory, UserFactory, category

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


def _form(**change):
    body = {
        "title": "Cần mua 2 tấn chè búp khô",
        "description": "Chè Thanh Ba loại 1",
        "category": "thuc-pham-so-che",
        "quantity": "2000",
        "unit": "kg",
        "target_price": "",
        "negotiable": "on",
        "province": "25",
        "needed_by": "",
        "expires_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "contact_name": "Lê Văn Mua",
        "contact_phone": "0912345678",
        "contact_email": "",
    }
    body.update(change)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def me(client, buyer):
    client.force_login(buyer)
    return client


def test_post_a_buy_lead_it_waits_for_review(me, buyer):
    assert me.get("/tai-khoan/tin-mua-ban/dang-tin/", **HTML).status_code == 200

    response = me.post("/tai-khoan/tin-mua-ban/dang-tin/", _form())

    assert response.status_code == 302, response.content.decode()[-3000:]
    lead = Lead.objects.get(poster=buyer)
    assert (lead.kind, lead.status, lead.quantity, lead.negotiable) == (
        "buy",
        "pending",
        2000,
        True,
    )
    assert response["Location"] == f"/tai-khoan/tin-mua-ban/{lead.slug}/"
    listing = me.get("/tai-khoan/tin-mua-ban/", **HTML).content.decode()
    assert "Cần mua 2 tấn chè búp khô" in listing and "Chờ kiểm duyệt" in listing


def test_the_services_refusals_show_beside_the_fields(me):
    response = me.post(
        "/tai-khoan/tin-mua-ban/dang-tin/",
        _form(negotiable=None, expires_on=timezone.localdate().isoformat()),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập giá mong muốn hoặc chọn giá thỏa thuận, không chọn cả hai." in html
    assert "Ngày hết hạn phải sau hôm nay." in html
    assert not Lead.objects.exists()


def test_editing_a_published_lead_sends_it_back_to_review(me, buyer, moderator):
    me.post("/tai-khoan/tin-mua-ban/dang-tin/", _form())
    lead = Lead.objects.get(poster=buyer)
    leads.lead_approve(lead=lead, actor=moderator)
    page = me.get(f"/tai-khoan/tin-mua-ban/{lead.slug}/sua/", **HTML).content.decode()
    assert 'value="Cần mua 2 tấn chè búp khô"' in page

    response = me.post(
        f"/tai-khoan/tin-mua-ban/{lead.slug}/sua/", _form(quantity="3000", title="Cần 3 tấn chè")
    )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.quantity, lead.title, lead.status) == (3000, "Cần 3 tấn chè", LeadStatus.PENDING)


def test_offers_received_link_to_their_threads_and_closing(me, buyer, moderator):
    me.post("/tai-khoan/tin-mua-ban/dang-tin/", _form())
    lead = Lead.objects.get(poster=buyer)
    leads.lead_approve(lead=lead, actor=moderator)
    membership = MembershipFactory(vendor__display_name="HTX Chè Thanh Ba")
    seller = membership.user
    product = ProductFactory(vendor=membership.vendor, category=category("thuc-pham-so-che"))
    offer = offers.lead_offer(
        lead=lead,
        actor=seller,
        vendor=product.vendor,
        product_slug=product.slug,
        quantity=2000,
        message="Chúng tôi có 5 tấn",
    )

    html = me.get(f"/tai-khoan/tin-mua-ban/{lead.slug}/", **HTML).content.decode()

    assert "HTX Chè Thanh Ba" in html
    assert f'href="/tai-khoan/hoi-hang/{offer.inquiry_id}/"' in html
    response = me.post(f"/tai-khoan/tin-mua-ban/{lead.slug}/dong/", {"cancel-reason": "Đủ hàng"})
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CLOSED
    again = me.post(f"/tai-khoan/tin-mua-ban/{lead.slug}/dong/", {})
    assert again.status_code == 409 and 'role="alert"' in again.content.decode()
    assert LeadOffer.objects.count() == 1


def test_another_persons_lead_is_404(client, buyer):
    client.force_login(buyer)
    client.post("/tai-khoan/tin-mua-ban/dang-tin/", _form())
    lead = Lead.objects.get(poster=buyer)
    client.force_login(UserFactory())
    for url in ("", "sua/"):
        assert client.get(f"/tai-khoan/tin-mua-ban/{lead.slug}/{url}", **HTML).status_code == 404
    assert client.post(f"/tai-khoan/tin-mua-ban/{lead.slug}/dong/", {}).status_code == 404
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.PENDING


def test_the_lead_pages_keep_their_queries_bounded(me, buyer, django_assert_max_num_queries):
    for _ in range(3):
        me.post("/tai-khoan/tin-mua-ban/dang-tin/", _form())
    lead = Lead.objects.filter(poster=buyer).first()

    with django_assert_max_num_queries(10):
        assert me.get("/tai-khoan/tin-mua-ban/", **HTML).status_code == 200
    with django_assert_max_num_queries(10):
        assert me.get(f"/tai-khoan/tin-mua-ban/{lead.slug}/", **HTML).status_code == 200
    with django_assert_max_num_queries(10):
        assert me.get("/tai-khoan/tin-mua-ban/dang-tin/", **HTML).status_code == 200
