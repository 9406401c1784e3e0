"""A buyer's orders as pages (issue 16, orders16): the list, one order with its lines, totals,
payment instructions and timeline, and the buyer's moves through the API's services, each
refusal shown on the page with the API's status and message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditLog
from orders.models import (
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    Order,
    OrderStatus,
    Review,
    ReviewPicture,
)
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.factories.orders import place_order
from tests.media import corpus
from tests.web.activity_setup import delivered, move, sales_terms

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def shop(vendor, owner):
    sales_terms(vendor)
    return ProductFactory(vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô")


@pytest.fixture
def me(client, buyer):
    client.force_login(buyer)
    return client


def _url(order, action=""):
    return f"/tai-khoan/don-hang/{order.number}/" + (f"{action}/" if action else "")


def test_the_list_shows_my_orders_newest_first_and_no_one_elses(me, buyer, shop):
    first = place_order(buyer, shop)
    second = place_order(buyer, shop, quantity=3)
    theirs = place_order(UserFactory(), shop)

    response = me.get("/tai-khoan/don-hang/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(second.number) < html.index(first.number)
    assert theirs.number not in html
    assert "HTX Mì gạo Hùng Lô" in html and "Đã đặt" in html
    assert "no-store" in response["Cache-Control"]


def test_the_list_is_paginated_with_bounded_queries(me, buyer, shop, django_assert_max_num_queries):
    for _ in range(22):
        place_order(buyer, shop, quantity=1)

    with django_assert_max_num_queries(12):
        response = me.get("/tai-khoan/don-hang/", **HTML)
    html = response.content.decode()
    assert html.count('href="/tai-khoan/don-hang/GT-') == 20
    assert 'rel="next" href="?page=2"' in html
    assert (
        me.get("/tai-khoan/don-hang/?page=2", **HTML)
        .content.decode()
        .count('href="/tai-khoan/don-hang/GT-')
        == 2
    )


def test_an_unpaid_bank_transfer_shows_the_vietqr_code_and_the_details(me, buyer, shop):
    order = place_order(buyer, shop, method="bank_transfer")

    response = me.get(_url(order), **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="vietqr" src="data:image/png;base64,' in html  # as the checkout's
    assert "0011004123456" in html and "HTX MI GAO HUNG LO" in html
    assert f"<strong>{order.number}</strong>" in html  # the transfer's content
    assert "120.000" in html  # 2 × 45.000 + 30.000 shipping
    assert "Đã đặt" in html and "Chờ thanh toán" in html


def test_the_timeline_follows_the_order_and_paid_orders_show_no_code(me, buyer, owner, shop):
    order = move(place_order(buyer, shop, method="bank_transfer"), owner, "confirm", "paid", "ship")

    html = me.get(_url(order), **HTML).content.decode()

    timeline = html[html.index('class="timeline"') :]
    assert timeline.index("Đã đặt") < timeline.index("Đã xác nhận") < timeline.index("Đang giao")
    assert "Viettel Post" in html and "VTP123" in html
    assert "vietqr" not in html


def test_another_buyers_order_and_the_sellers_view_are_404(client, buyer, owner, shop):
    order = place_order(buyer, shop)
    for person in (UserFactory(), owner):
        client.force_login(person)
        assert client.get(_url(order), **HTML).status_code == 404
        assert client.post(_url(order, "huy"), {}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED


def test_cancel_before_confirmation(me, buyer, shop):
    order = place_order(buyer, shop)

    response = me.post(_url(order, "huy"), {"cancel-reason": "Đặt nhầm"})

    assert response.status_code == 302 and response["Location"] == _url(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.status_reason == "Đặt nhầm"
    assert AuditLog.objects.filter(
        target_id=str(order.pk), action="orders.order.cancelled"
    ).exists()
    page = me.get(response["Location"], **HTML).content.decode()
    assert f"Đơn hàng {order.number} đã được hủy." in page


def test_cancel_after_confirmation_is_refused_on_the_page_with_409(me, buyer, owner, shop):
    order = move(place_order(buyer, shop), owner, "confirm")

    response = me.post(_url(order, "huy"), {"cancel-reason": ""})

    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED


def test_confirm_delivery_then_it_is_completed(me, buyer, owner, shop):
    order = delivered(buyer, shop, owner)

    response = me.post(_url(order, "da-nhan"))

    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).status == OrderStatus.COMPLETED
    again = me.post(_url(order, "da-nhan"))
    assert again.status_code == 409
    assert 'role="alert"' in again.content.decode()


def test_return_within_the_window_and_refused_after_it(me, buyer, owner, shop):
    order = delivered(buyer, shop, owner)
    missing = me.post(_url(order, "tra-hang"), {"return-reason": ""})
    assert missing.status_code == 400
    assert "Trường này là bắt buộc." in missing.content.decode()

    response = me.post(_url(order, "tra-hang"), {"return-reason": "Gói bị rách"})

    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).status == OrderStatus.RETURNED

    late = delivered(buyer, shop, owner)
    Order.objects.filter(pk=late.pk).update(delivered_at=timezone.now() - dt.timedelta(days=8))
    refused = me.post(_url(late, "tra-hang"), {"return-reason": "Muộn"})
    assert refused.status_code == 409
    assert "Chỉ nhận trả hàng trong vòng 7 ngày kể từ khi giao." in refused.content.decode()
    assert Order.objects.get(pk=late.pk).status == OrderStatus.DELIVERED


def test_review_a_delivered_line_with_a_rating_text_and_a_picture(me, buyer, owner, shop):
    order = delivered(buyer, shop, owner)
    line = order.lines.get()
    html = me.get(_url(order), **HTML).content.decode()
    assert "Đánh giá Mì gạo Hùng Lô" in html

    photo = SimpleUploadedFile("anh.jpg", corpus.jpeg(), content_type="image/jpeg")
    response = me.post(
        _url(order, "danh-gia"),
        {
            "line": line.pk,
            f"line{line.pk}-stars": "5",
            f"line{line.pk}-text": "Sợi dai, ngon",
            f"line{line.pk}-pictures": [photo],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(order_line=line)
    assert (review.stars, review.text, review.buyer_id) == (5, "Sợi dai, ngon", buyer.pk)
    assert ReviewPicture.objects.filter(review=review).count() == 1
    page = me.get(_url(order), **HTML).content.decode()
    assert "5/5 sao" in page and "Sợi dai, ngon" in page
    assert "Đánh giá Mì gạo Hùng Lô" not in page  # once each


def test_a_review_without_stars_or_before_delivery_is_refused(me, buyer, owner, shop):
    order = move(place_order(buyer, shop), owner, "confirm")
    line = order.lines.get()
    no_stars = me.post(_url(order, "danh-gia"), {"line": line.pk, f"line{line.pk}-text": "x"})
    assert no_stars.status_code == 400

    early = me.post(_url(order, "danh-gia"), {"line": line.pk, f"line{line.pk}-stars": "4"})

    assert early.status_code == 409
    assert "Chỉ được đánh giá đơn hàng sau khi đã giao." in early.content.decode()
    assert not Review.objects.exists()


def test_open_a_complaint_talk_escalate_and_withdraw(me, buyer, owner, shop):
    order = delivered(buyer, shop, owner)

    response = me.post(
        _url(order, "khieu-nai"),
        {"complaint-reason": "damaged", "complaint-body": "Hai gói bị ướt"},
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get(order=order)
    assert complaint.status == ComplaintStatus.OPEN
    base = _url(order, f"khieu-nai/{complaint.pk}")
    assert me.post(base + "tin-nhan/", {"message-body": "Ảnh đã gửi"}).status_code == 302
    assert me.post(base + "chuyen-len/", {"escalate-reason": "Chưa trả lời"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ESCALATED
    page = me.get(_url(order), **HTML).content.decode()
    assert "Hai gói bị ướt" in page and "Ảnh đã gửi" in page and "Chưa trả lời" in page
    assert me.post(base + "rut/", {"withdraw-reason": "Đã thỏa thuận"}).status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.WITHDRAWN
    assert ComplaintMessage.objects.filter(complaint=complaint).count() == 3

    again = me.post(base + "rut/", {"withdraw-reason": ""})
    assert again.status_code == 409
    assert 'role="alert"' in again.content.decode()


def test_a_complaint_before_delivery_is_refused_and_others_complaints_are_404(
    client, buyer, owner, shop
):
    order = place_order(buyer, shop)
    client.force_login(buyer)
    refused = client.post(
        _url(order, "khieu-nai"), {"complaint-reason": "damaged", "complaint-body": "Chưa nhận"}
    )
    assert refused.status_code == 409
    assert "Chỉ khiếu nại được sau khi đơn hàng đã giao." in refused.content.decode()

    done = delivered(buyer, shop, owner)
    client.post(_url(done, "khieu-nai"), {"complaint-reason": "other", "complaint-body": "Thiếu"})
    complaint = Complaint.objects.get(order=done)
    client.force_login(UserFactory())
    url = _url(done, f"khieu-nai/{complaint.pk}/rut")
    assert client.post(url, {}).status_code == 404
    staff = MembershipFactory(vendor=shop.vendor).user
    client.force_login(staff)
    assert client.post(url, {}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.OPEN


def test_the_order_page_keeps_its_queries_bounded(
    me, buyer, owner, shop, django_assert_max_num_queries
):
    order = delivered(buyer, shop, owner)
    me.post(_url(order, "khieu-nai"), {"complaint-reason": "other", "complaint-body": "Thiếu"})

    with django_assert_max_num_queries(20):
        assert me.get(_url(order), **HTML).status_code == 200
