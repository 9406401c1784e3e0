"""Pictures on reviews and complaints (issue 13 items 7–8, D162): the buyer attaches up to
ORDER_PICTURES_MAX pictures through media's safe upload; refusals for a bad file, too many,
the wrong person and a closed complaint; the pictures shown with their renditions in review
lists and in the complaint; originals private, files written after commit and removed with
the picture."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditLog
from media.models import Image, ImageKind
from orders.models import Complaint, ComplaintPicture, Order, OrderStatus, Review, ReviewPicture
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.media import corpus
from tests.media.conftest import files_under, upload
from tests.orders.conftest import checkout_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer_client, product, terms):
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    order = Order.objects.get(number=r.json()["orders"][0]["number"])
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=2)
    )
    return order


@pytest.fixture
def review(order, buyer_client):
    r = buyer_client.post(
        f"/api/v1/orders/{order.number}/reviews/",
        {"line": order.lines.get().pk, "stars": 5, "text": "Ngon"},
        format="json",
    )
    assert r.status_code == 201, r.content
    return Review.objects.get(pk=r.json()["id"])


@pytest.fixture
def complaint(order, buyer_client):
    r = buyer_client.post(
        f"/api/v1/orders/{order.number}/complaints/",
        {"reason": "damaged", "body": "Gói mì bị vỡ."},
        format="json",
    )
    assert r.status_code == 201, r.content
    return Complaint.objects.get(pk=r.json()["id"])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (file writes, renditions) as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _post(client, url, data=None):
    return client.post(url, {"file": upload(data or corpus.jpeg((640, 480)))}, format="multipart")


def _review_url(review):
    return f"/api/v1/reviews/{review.pk}/pictures/"


def _complaint_url(complaint):
    return f"/api/v1/complaints/{complaint.pk}/pictures/"


def test_buyer_attaches_a_picture_to_a_review_shown_in_the_lists(
    review, buyer_client, api_client, product, committed, settings
):
    r = committed(lambda: _post(buyer_client, _review_url(review), corpus.jpeg_with_exif()))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "processing" and body["renditions"] == []
    image = Image.objects.get(pk=body["id"])
    assert (image.kind, image.vendor_id, image.product_id) == (ImageKind.ATTACHMENT, None, None)
    assert ReviewPicture.objects.filter(review=review, image=image).exists()
    # The original is private (never under MEDIA_ROOT), re-encoded without its EXIF.
    assert files_under(settings.MEDIA_PRIVATE_ROOT) == [image.original.name]
    with image.original.open("rb") as f:
        assert b"Exif" not in f.read()

    listed = api_client.get(f"/api/v1/products/{product.slug}/reviews/").json()["results"]
    (picture,) = listed[0]["pictures"]
    assert picture["id"] == image.pk and picture["status"] == "ready"
    assert {r["spec"] for r in picture["renditions"]} >= {"w160"}
    assert all(r["url"].startswith("http") for r in picture["renditions"])
    detail = api_client.get(f"/api/v1/reviews/{review.pk}/").json()
    assert [p["id"] for p in detail["pictures"]] == [image.pk]
    assert AuditLog.objects.filter(action="orders.review.picture_added").count() == 1


def test_a_bad_file_is_refused_and_nothing_is_kept(review, buyer_client, settings):
    r = _post(buyer_client, _review_url(review), b"%PDF-1.4 not a picture")
    assert r.status_code == 400, r.content
    assert r.json()["errors"]["file"]
    assert not Image.objects.exists() and not ReviewPicture.objects.exists()
    assert files_under(settings.MEDIA_PRIVATE_ROOT) == []


def test_at_most_the_setting_per_review(review, buyer_client, settings):
    settings.ORDER_PICTURES_MAX = 2
    for _ in range(2):
        assert _post(buyer_client, _review_url(review)).status_code == 201
    r = _post(buyer_client, _review_url(review))
    assert r.status_code == 409, r.content
    assert r.json()["type"].endswith(":too_many_pictures")
    assert review.pictures.count() == 2 and Image.objects.count() == 2


def test_only_the_author_attaches_to_a_review(review, vendor_client, api_client):
    other = client_for(UserFactory())
    assert _post(other, _review_url(review)).status_code == 403  # a published review: visible
    assert _post(vendor_client, _review_url(review)).status_code == 403
    assert _post(api_client, _review_url(review)).status_code == 401
    assert _post(other, "/api/v1/reviews/999999/pictures/").status_code == 404
    assert not Image.objects.exists()


def test_a_hidden_review_is_404_to_others(review, buyer_client):
    Review.objects.filter(pk=review.pk).update(status="hidden")
    assert _post(client_for(UserFactory()), _review_url(review)).status_code == 404
    assert _post(buyer_client, _review_url(review)).status_code == 201  # its author still can


def test_the_author_removes_a_picture_and_its_files_go_after_commit(
    review, buyer_client, committed, settings
):
    image_id = committed(lambda: _post(buyer_client, _review_url(review))).json()["id"]
    assert files_under(settings.MEDIA_ROOT) and files_under(settings.MEDIA_PRIVATE_ROOT)
    url = f"{_review_url(review)}{image_id}/"
    assert client_for(UserFactory()).delete(url).status_code == 403
    r = committed(lambda: buyer_client.delete(url))
    assert r.status_code == 204, r.content
    assert not Image.objects.exists() and not ReviewPicture.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.MEDIA_PRIVATE_ROOT) == []
    assert buyer_client.delete(url).status_code == 404


def test_buyer_attaches_pictures_to_a_complaint_shown_in_its_detail(
    complaint, buyer_client, vendor_client, moderator_client, committed
):
    r = committed(lambda: _post(buyer_client, _complaint_url(complaint), corpus.png()))
    assert r.status_code == 201, r.content
    image_id = r.json()["id"]
    assert ComplaintPicture.objects.filter(complaint=complaint, image_id=image_id).exists()
    for client in (buyer_client, vendor_client, moderator_client):
        detail = client.get(f"/api/v1/complaints/{complaint.pk}/").json()
        (picture,) = detail["pictures"]
        assert picture["id"] == image_id and picture["status"] == "ready"
        assert picture["renditions"]
    listed = buyer_client.get("/api/v1/complaints/").json()["results"]
    assert [p["id"] for p in listed[0]["pictures"]] == [image_id]


def test_complaint_pictures_refusals(complaint, buyer_client, vendor_client, settings):
    assert _post(vendor_client, _complaint_url(complaint)).status_code == 403
    assert _post(client_for(UserFactory()), _complaint_url(complaint)).status_code == 404
    r = _post(buyer_client, _complaint_url(complaint), b"GIF89a" + b"\0" * 64)
    assert r.status_code == 400, r.content
    settings.ORDER_PICTURES_MAX = 1
    assert _post(buyer_client, _complaint_url(complaint)).status_code == 201
    r = _post(buyer_client, _complaint_url(complaint))
    assert r.status_code == 409 and r.json()["type"].endswith(":too_many_pictures")
    settings.ORDER_PICTURES_MAX = 5
    Complaint.objects.filter(pk=complaint.pk).update(status="withdrawn")
    r = _post(buyer_client, _complaint_url(complaint))
    assert r.status_code == 409 and r.json()["type"].endswith(":complaint_closed")
    assert complaint.pictures.count() == 1


def test_an_oversized_request_is_refused_before_it_is_read(review, buyer_client, settings):
    settings.MEDIA_MAX_BYTES = 1024
    r = _post(buyer_client, _review_url(review), corpus.jpeg((1200, 900)) + b"\0" * 80_000)
    assert r.status_code == 413, r.content
    assert not Image.objects.exists()


def test_erasure_takes_the_persons_pictures_and_export_lists_them(
    review, complaint, buyer, buyer_client, committed, settings
):
    committed(lambda: _post(buyer_client, _review_url(review)))
    committed(lambda: _post(buyer_client, _complaint_url(complaint)))
    exported = buyer_client.get("/api/v1/me/export/").json()["pictures"]
    assert [(p["review"], p["complaint"]) for p in exported] == [
        (review.pk, None),
        (None, complaint.pk),
    ]
    Order.objects.filter(buyer=buyer).update(status=OrderStatus.COMPLETED)
    r = committed(
        lambda: buyer_client.post(
            "/api/v1/me/erase/", {"password": "secret-pass-123"}, format="json"
        )
    )
    assert r.status_code == 204, r.content
    assert not Image.objects.exists() and not ReviewPicture.objects.exists()
    assert not ComplaintPicture.objects.exists()
    assert files_under(settings.MEDIA_PRIVATE_ROOT) == [] and files_under(settings.MEDIA_ROOT) == []
    assert Review.objects.filter(pk=review.pk).exists()  # the text stays
