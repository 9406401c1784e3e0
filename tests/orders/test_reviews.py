"""Reviews over the API (issue 13 item 7, D135–D137): who may review, reply, report, hide and
restore; the refusals; the kept rating on product and storefront responses; the moderators'
`reviews` work list; the search queue."""

import pytest
from django.db import IntegrityError, transaction

from catalog.models import Product
from core.models import AuditLog
from marketplace.models import Vendor
from orders.models import Order, OrderStatus, Review
from search.models import IndexQueue
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db


def _order(client, product, status=OrderStatus.DELIVERED):
    r = client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    Order.objects.filter(pk=order.pk).update(status=status)
    return order


@pytest.fixture
def order(buyer_client, product, terms):
    return _order(buyer_client, product)


def _review(client, order, **body):
    return client.post(f"/api/v1/orders/{order.number}/reviews/", body, format="json")


def _line(order):
    return order.lines.get().pk


def test_order_lines_show_their_id_to_review_them(order, buyer_client):
    lines = buyer_client.get(f"/api/v1/orders/{order.number}/").json()["lines"]
    assert [line["id"] for line in lines] == [order.lines.get().pk]


def test_buyer_reviews_the_product_and_the_storefront(order, buyer_client, product, vendor):
    r = _review(buyer_client, order, line=_line(order), stars=4, text="Gạo thơm")
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["kind"], body["product"], body["stars"], body["status"], body["reply"]) == (
        "product",
        product.slug,
        4,
        "published",
        None,
    )
    assert "number" not in body and "order" not in body
    r = _review(buyer_client, order, stars=5, text="Giao nhanh")
    assert r.status_code == 201 and r.json()["kind"] == "storefront"
    product.refresh_from_db()
    vendor.refresh_from_db()
    assert (float(product.rating_avg), product.rating_count) == (4.0, 1)
    assert (float(vendor.rating_avg), vendor.rating_count) == (5.0, 1)
    assert IndexQueue.objects.filter(kind="product", object_id=product.pk).exists()
    assert AuditLog.objects.filter(action="orders.review.create").count() == 2
    # public lists, newest first, and the rating on product and storefront responses
    listed = client_for().get(f"/api/v1/products/{product.slug}/reviews/").json()
    assert [row["text"] for row in listed["results"]] == ["Gạo thơm"]
    listed = client_for().get(f"/api/v1/vendors/{vendor.slug}/reviews/").json()
    assert [row["text"] for row in listed["results"]] == ["Giao nhanh"]
    detail = client_for().get(f"/api/v1/products/{product.slug}/").json()
    assert detail["rating"] == {"average": 4.0, "count": 1}
    card = client_for().get("/api/v1/products/").json()["results"][0]
    assert card["rating"] == {"average": 4.0, "count": 1}
    assert client_for().get(f"/api/v1/vendors/{vendor.slug}/").json()["rating"] == {
        "average": 5.0,
        "count": 1,
    }


def test_refusals(buyer_client, product, terms):
    placed = _order(buyer_client, product, OrderStatus.SHIPPED)
    r = _review(buyer_client, placed, line=_line(placed), stars=5)
    assert r.status_code == 409 and r.json()["type"].endswith("not_delivered")
    order = _order(buyer_client, product, OrderStatus.COMPLETED)
    assert _review(buyer_client, order, line=_line(order), stars=5).status_code == 201
    r = _review(buyer_client, order, line=_line(order), stars=3)
    assert r.status_code == 409 and r.json()["type"].endswith("already_reviewed")
    assert _review(buyer_client, order, stars=5).status_code == 201
    r = _review(buyer_client, order, stars=1)
    assert r.status_code == 409 and r.json()["type"].endswith("already_reviewed")
    assert _review(buyer_client, order, stars=6).status_code == 400
    assert _review(buyer_client, order, line=placed.lines.get().pk, stars=5).status_code == 400
    assert Review.objects.count() == 2


def test_one_review_per_line_is_a_database_rule(order, buyer_client, buyer):
    assert _review(buyer_client, order, line=_line(order), stars=5).status_code == 201
    line = order.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            order=order,
            order_line=line,
            product=line.product,
            vendor=order.vendor,
            buyer=buyer,
            stars=2,
        )


def test_who_may_review(order, vendor_client, moderator_client, api_client):
    other = client_for(UserFactory())
    assert _review(other, order, stars=5).status_code == 404  # not their order: not seen
    assert _review(vendor_client, order, stars=5).status_code == 403
    assert _review(moderator_client, order, stars=5).status_code == 403
    assert _review(api_client, order, stars=5).status_code == 401


@pytest.fixture
def review(order, buyer_client):
    r = _review(buyer_client, order, line=_line(order), stars=2, text="Hơi ẩm")
    return Review.objects.get(pk=r.json()["id"])


def _act(client, review, action, body=None):
    return client.post(f"/api/v1/reviews/{review.pk}/{action}/", body or {}, format="json")


def test_the_storefront_replies_once(
    review, vendor, vendor_client, other_vendor_client, buyer_client, moderator_client, api_client
):
    member = client_for(MembershipFactory(vendor=vendor).user)
    assert _act(other_vendor_client, review, "reply", {"text": "x"}).status_code == 403
    assert _act(buyer_client, review, "reply", {"text": "x"}).status_code == 403
    assert _act(moderator_client, review, "reply", {"text": "x"}).status_code == 403
    assert _act(api_client, review, "reply", {"text": "x"}).status_code == 401
    r = _act(member, review, "reply", {"text": "Cảm ơn, chúng tôi sẽ sấy kỹ hơn."})
    assert r.status_code == 200 and r.json()["reply"]["text"].startswith("Cảm ơn")
    r = _act(vendor_client, review, "reply", {"text": "Lần nữa"})
    assert r.status_code == 409 and r.json()["type"].endswith("already_replied")
    shown = client_for().get(f"/api/v1/reviews/{review.pk}/").json()
    assert shown["reply"]["text"].startswith("Cảm ơn")


def test_report_hide_restore(
    review, product, buyer_client, moderator_client, vendor_client, api_client
):
    reporter = client_for(UserFactory())
    assert _act(api_client, review, "report", {"reason": "spam"}).status_code == 401
    assert _act(reporter, review, "report", {}).status_code == 400
    assert _act(reporter, review, "report", {"reason": "Quảng cáo"}).status_code == 200
    r = _act(reporter, review, "report", {"reason": "again"})
    assert r.status_code == 409 and r.json()["type"].endswith("already_reported")
    work = moderator_client.get("/api/v1/moderation/queue/reviews/")
    assert work.status_code == 200, work.content
    entries = work.json()["results"]
    assert [e["id"] for e in entries] == [str(review.pk)]
    assert entries[0]["details"]["reports"][0]["reason"] == "Quảng cáo"
    # only moderators decide; a reason is required to hide
    assert _act(vendor_client, review, "hide", {"reason": "x"}).status_code == 403
    assert _act(buyer_client, review, "hide", {"reason": "x"}).status_code == 403
    assert _act(moderator_client, review, "hide").status_code == 400
    r = _act(moderator_client, review, "hide", {"reason": "Quảng cáo"})
    assert r.status_code == 200 and r.json()["status"] == "hidden"
    product.refresh_from_db()
    assert (product.rating_avg, product.rating_count) == (None, 0)
    assert client_for().get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert client_for().get(f"/api/v1/products/{product.slug}/reviews/").json()["count"] == 0
    assert moderator_client.get("/api/v1/moderation/queue/reviews/").json()["results"] == []
    r = _act(moderator_client, review, "restore")
    assert r.status_code == 200 and r.json()["status"] == "published"
    product.refresh_from_db()
    assert (float(product.rating_avg), product.rating_count) == (2.0, 1)
    moves = AuditLog.objects.filter(target_id=str(review.pk)).order_by("id")
    assert list(moves.values_list("action", "from_state", "to_state"))[-2:] == [
        ("orders.review.hide", "published", "hidden"),
        ("orders.review.restore", "hidden", "published"),
    ]


def test_held_for_a_moderator_when_not_published_at_once(
    order, buyer_client, product, moderator_client, settings
):
    settings.REVIEWS_PUBLISH_AT_ONCE = False
    r = _review(buyer_client, order, line=_line(order), stars=5)
    assert r.json()["status"] == "pending"
    assert Product.objects.get(pk=product.pk).rating_count == 0
    assert client_for().get(f"/api/v1/products/{product.slug}/reviews/").json()["count"] == 0
    assert buyer_client.get(f"/api/v1/reviews/{r.json()['id']}/").status_code == 200
    entries = moderator_client.get("/api/v1/moderation/queue/reviews/").json()["results"]
    assert [e["status"] for e in entries] == ["pending"]
    review = Review.objects.get()
    assert _act(moderator_client, review, "restore").json()["status"] == "published"
    assert Product.objects.get(pk=product.pk).rating_count == 1


def test_ratings_average_over_buyers(product, terms, vendor):
    for stars in (5, 4, 4):
        client = client_for(UserFactory())
        order = _order(client, product)
        assert _review(client, order, line=_line(order), stars=stars).status_code == 201
    product.refresh_from_db()
    assert (str(product.rating_avg), product.rating_count) == ("4.33", 3)
    assert Vendor.objects.get(pk=vendor.pk).rating_count == 0  # products' reviews are not its own


def test_refusals_speak_vietnamese(buyer_client, product, terms):
    order = _order(buyer_client, product, OrderStatus.CONFIRMED)
    r = buyer_client.post(
        f"/api/v1/orders/{order.number}/reviews/",
        {"stars": 5},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert r.status_code == 409
    assert r.json()["detail"] == "Chỉ được đánh giá đơn hàng sau khi đã giao."
