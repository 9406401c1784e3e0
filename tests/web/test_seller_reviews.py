"""The seller center's reviews and complaints (seller16b): the storefront's reviews (held ones
too), a reply once, a report; complaints about its orders, the thread, an answer, and no
decision for the storefront."""

from __future__ import annotations

import pytest

from orders.models import ComplaintRole, ReviewReport
from orders.services.complaints import complaint_open
from orders.services.reviews import review_create
from tests.factories import ProductFactory
from tests.factories.orders import place_order
from tests.web.helpers import HTML
from tests.web.seller_trade import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(buyer, product, owner):
    return deliver(place_order(buyer, product), owner)


@pytest.fixture
def seller(client, owner, vendor):
    client.force_login(owner)
    return client


def test_reviews_listed_replied_once_and_reported(seller, delivered, buyer, vendor):
    line = delivered.lines.get()
    review = review_create(
        order=delivered, actor=buyer, stars=4, text="Mì dai, ngon.", line_id=line.pk
    )
    url = f"/ban-hang/{vendor.slug}/danh-gia/"

    html = seller.get(url, **HTML).content.decode()
    assert "Mì dai, ngon." in html and "Mì gạo Hùng Lô" in html

    empty = seller.post(f"{url}{review.pk}/tra-loi/", {"text": ""})
    assert empty.status_code == 400 and "has-error" in empty.content.decode()

    assert seller.post(f"{url}{review.pk}/tra-loi/", {"text": "Cảm ơn anh!"}).status_code == 302
    review.refresh_from_db()
    assert review.reply == "Cảm ơn anh!"
    assert "Cảm ơn anh!" in seller.get(url, **HTML).content.decode()
    assert seller.post(f"{url}{review.pk}/tra-loi/", {"text": "Lần nữa"}).status_code == 409

    assert (
        seller.post(f"{url}{review.pk}/bao-cao/", {"reason": "Không phải khách"}).status_code == 302
    )
    assert ReviewReport.objects.filter(review=review, reason="Không phải khách").exists()


def test_another_storefronts_review_is_a_404(seller, vendor, other_vendor, other_owner, buyer):
    theirs = deliver(place_order(buyer, ProductFactory(vendor=other_vendor)), other_owner)
    review = review_create(order=theirs, actor=buyer, stars=1, text="Tệ")

    assert (
        seller.post(
            f"/ban-hang/{vendor.slug}/danh-gia/{review.pk}/tra-loi/", {"text": "x"}
        ).status_code
        == 404
    )
    assert "Tệ" not in seller.get(f"/ban-hang/{vendor.slug}/danh-gia/").content.decode()


def test_complaints_thread_and_answer_without_a_decision(seller, delivered, buyer, vendor):
    complaint = complaint_open(order=delivered, actor=buyer, reason="damaged", body="Gói bị rách.")
    base = f"/ban-hang/{vendor.slug}/khieu-nai/"

    assert f"{base}{complaint.pk}/" in seller.get(base, **HTML).content.decode()
    page = seller.get(f"{base}{complaint.pk}/", **HTML)
    html = page.content.decode()
    assert page.status_code == 200 and "Gói bị rách." in html
    assert 'name="decision"' not in html  # the decision stays the moderators'

    assert seller.post(f"{base}{complaint.pk}/tra-loi/", {"body": ""}).status_code == 400
    assert (
        seller.post(f"{base}{complaint.pk}/tra-loi/", {"body": "Xin lỗi, gửi lại."}).status_code
        == 302
    )
    assert complaint.messages.filter(
        role=ComplaintRole.STOREFRONT, body="Xin lỗi, gửi lại."
    ).exists()


def test_another_storefronts_complaint_is_a_404(
    client, delivered, buyer, other_owner, other_vendor
):
    complaint = complaint_open(order=delivered, actor=buyer, reason="damaged", body="Rách")
    client.force_login(other_owner)

    assert client.get(f"/ban-hang/{other_vendor.slug}/khieu-nai/{complaint.pk}/").status_code == 404
