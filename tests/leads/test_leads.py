"""Trade leads (issue 14, items 1–5; D145–D148): posting, moderation, expiry, permissions,
matching and the daily digest, offers that open an inquiry, statistics."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from catalog.models import ProductStatus
from core.models import AuditLog
from leads.models import Lead, LeadMatch, LeadStatus
from leads.services.digest import leads_digest_send
from marketplace.models import Commune
from orders.models import Inquiry
from orders.services.checkout import Delivery, checkout_place
from tests.conftest import client_for
from tests.factories import (
    PHU_THO,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/api/v1/leads/"


def buy_body(**extra):
    return {
        "kind": "buy",
        "title": "Cần mua 5 tấn gạo Khang Dân",
        "category": "thuc-pham-so-che",
        "quantity": 5000,
        "unit": "kg",
        "target_price": 18000,
        "province": PHU_THO,
        "contact_name": "Lê Văn Mua",
        "contact_phone": "0912345678",
        **extra,
    }


def post(client, **extra):
    return client.post(URL, buy_body(**extra), format="json")


@pytest.fixture
def pending(buyer_client):
    response = post(buyer_client)
    assert response.status_code == 201, response.json()
    return Lead.objects.get(slug=response.json()["slug"])


@pytest.fixture
def published(pending, moderator_client):
    response = moderator_client.post(f"{URL}{pending.slug}/approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    return Lead.objects.get(pk=pending.pk)


# --- item 1: posting -------------------------------------------------------------------------


@pytest.mark.django_db
def test_buyer_posts_a_buy_lead_waiting_for_review(buyer_client, api_client):
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=VN), tick=False):
        response = post(buyer_client)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["kind"] == "buy"
    assert body["expires_on"] == "2026-05-31"  # LEADS_DEFAULT_DAYS = 30
    assert body["province"]["code"] == PHU_THO
    assert body["contact"]["phone"] == "0912345678"  # the poster sees their own contact
    # not public while pending
    assert api_client.get(f"{URL}{body['slug']}/").status_code == 404
    assert api_client.get(URL).json()["count"] == 0


@pytest.mark.django_db
def test_anonymous_cannot_post(api_client):
    assert post(api_client).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"target_price": None}, "target_price"),  # neither price nor negotiable
        ({"negotiable": True}, "target_price"),  # both
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"commune": 1}, "commune"),  # not in Phú Thọ
        ({"vendor": "htx-mi-gao-hung-lo"}, "vendor"),  # a buy lead names no storefront
        ({"unit": "nope"}, "unit"),
    ],
)
def test_bad_buy_lead_is_refused(buyer_client, vendor, extra, field):
    if field == "commune":
        extra = {"commune": Commune.objects.exclude(province_id=PHU_THO).first().pk}
    response = post(buyer_client, **extra)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_storefront_posts_a_sell_lead_of_its_products(vendor_client, vendor, product, buyer_client):
    body = buy_body(kind="sell", vendor=vendor.slug, products=[product.slug], target_price=45000)
    response = vendor_client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["products"] == [product.slug]
    assert response.json()["vendor"] == vendor.slug
    # not a member: refused
    assert buyer_client.post(URL, body, format="json").status_code == 403
    # another storefront's product: refused
    other = ProductFactory(slug="che-xanh")
    body["products"] = [other.slug]
    assert vendor_client.post(URL, body, format="json").status_code == 400
    # no product: refused
    body["products"] = []
    assert vendor_client.post(URL, body, format="json").status_code == 400


# --- item 2: lifecycle -----------------------------------------------------------------------


@pytest.mark.django_db
def test_moderator_publishes_then_poster_closes(published, buyer_client, api_client):
    assert published.status == LeadStatus.PUBLISHED
    assert api_client.get(f"{URL}{published.slug}/").status_code == 200
    assert api_client.get(URL).json()["count"] == 1
    response = buyer_client.post(f"{URL}{published.slug}/close/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert api_client.get(URL).json()["count"] == 0
    actions = list(
        AuditLog.objects.filter(target_id=str(published.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["leads.lead.published", "leads.lead.closed"]


@pytest.mark.django_db
def test_reject_needs_a_reason_and_is_final(pending, moderator_client, buyer_client):
    url = f"{URL}{pending.slug}/reject/"
    assert moderator_client.post(url, {}, format="json").status_code == 400
    response = moderator_client.post(url, {"reason": "Thiếu thông tin"}, format="json")
    assert response.status_code == 200
    assert response.json()["status_reason"] == "Thiếu thông tin"
    # illegal moves: 409
    assert moderator_client.post(f"{URL}{pending.slug}/approve/", {}).status_code == 409
    assert buyer_client.post(f"{URL}{pending.slug}/close/", {}).status_code == 409


@pytest.mark.django_db
def test_closing_a_pending_lead_or_approving_twice_is_illegal(published, moderator_client):
    assert moderator_client.post(f"{URL}{published.slug}/approve/", {}).status_code == 409


@pytest.mark.django_db
def test_permissions_matrix(pending, buyer_client, vendor_client, api_client, moderator_client):
    approve = f"{URL}{pending.slug}/approve/"
    assert api_client.post(approve, {}).status_code == 401
    assert buyer_client.post(approve, {}).status_code == 403  # the poster is no moderator
    assert vendor_client.post(approve, {}).status_code == 404  # cannot even see it
    assert moderator_client.post(approve, {}).status_code == 200
    close = f"{URL}{pending.slug}/close/"
    other = client_for(UserFactory())
    assert other.post(close, {}).status_code == 403  # someone else's lead
    assert api_client.post(close, {}).status_code == 401
    assert buyer_client.post(close, {}).status_code == 200


@pytest.mark.django_db
def test_contact_shown_only_to_signed_in_storefront_members(
    published, api_client, vendor_client, moderator_client
):
    detail = f"{URL}{published.slug}/"
    assert api_client.get(detail).json()["contact"] is None
    assert client_for(UserFactory()).get(detail).json()["contact"] is None
    assert vendor_client.get(detail).json()["contact"]["name"] == "Lê Văn Mua"
    assert moderator_client.get(detail).json()["contact"]["phone"] == "0912345678"
    assert vendor_client.get(URL).json()["results"][0]["contact"]["name"] == "Lê Văn Mua"
    assert api_client.get(URL).json()["results"][0]["contact"] is None


@pytest.mark.django_db
def test_expired_lead_disappears_on_its_expiry_day(buyer_client, moderator_client, api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 8, 0, tzinfo=VN), tick=False):
        lead = Lead.objects.get(slug=post(buyer_client, expires_on="2026-03-15").json()["slug"])
        moderator_client.post(f"{URL}{lead.slug}/approve/", {})
    detail = f"{URL}{lead.slug}/"
    with time_machine.travel(dt.datetime(2026, 3, 14, 23, 59, tzinfo=VN), tick=False):
        assert api_client.get(detail).json()["expired"] is False
        assert api_client.get(URL).json()["count"] == 1
    with time_machine.travel(dt.datetime(2026, 3, 15, 0, 0, tzinfo=VN), tick=False):
        assert api_client.get(detail).status_code == 404
        assert api_client.get(URL).json()["count"] == 0
        mine = buyer_client.get(detail)  # the poster still opens it, marked expired
        assert (mine.status_code, mine.json()["expired"]) == (200, True)


@pytest.mark.django_db
def test_leads_work_list_for_moderators(pending, moderator_client, buyer_client):
    response = moderator_client.get("/api/v1/moderation/queue/leads/")
    assert response.status_code == 200
    entry = response.json()["results"][0]
    assert entry["id"] == pending.slug
    assert entry["kind"] == "leads"
    assert [a["name"] for a in entry["actions"]] == ["approve", "reject"]
    assert buyer_client.get("/api/v1/moderation/queue/leads/").status_code == 403
    summary = moderator_client.get("/api/v1/moderation/queue/").json()
    assert summary["leads"]["pending"] == 1


# --- item 3: matching, digest, offers --------------------------------------------------------


@pytest.fixture
def far_vendor(db):
    """A storefront outside Phú Thọ with a rice product, and one with none in the category."""
    commune = Commune.objects.exclude(province_id=PHU_THO).first()
    far = VendorFactory(slug="htx-xa", commune=commune, province_id=commune.province_id)
    MembershipFactory(vendor=far, user=UserFactory(email="far@example.vn"))
    ProductFactory(vendor=far, slug="gao-xa")
    return far


@pytest.mark.django_db
def test_publishing_a_buy_lead_matches_storefronts_province_first(
    product, far_vendor, other_vendor, pending, moderator_client, vendor_client, other_vendor_client
):
    ProductFactory(vendor=other_vendor, slug="che-draft", status=ProductStatus.DRAFT)
    moderator_client.post(f"{URL}{pending.slug}/approve/", {})
    matches = list(
        LeadMatch.objects.order_by("-same_province").values_list("vendor__slug", "same_province")
    )
    assert matches == [(product.vendor.slug, True), ("htx-xa", False)]
    assert vendor_client.get(URL, {"for_me": "1"}).json()["count"] == 1
    assert other_vendor_client.get(URL, {"for_me": "1"}).json()["count"] == 0


@pytest.mark.django_db
def test_digest_at_most_once_a_day_per_storefront(
    product, owner, buyer_client, moderator_client, django_capture_on_commit_callbacks
):
    def publish(title):
        slug = post(buyer_client, title=title).json()["slug"]
        moderator_client.post(f"{URL}{slug}/approve/", {})

    with time_machine.travel(dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN), tick=False):
        publish("Cần mua gạo nếp")
        publish("Cần mua gạo tẻ")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert leads_digest_send() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [owner.email]
        assert "gạo nếp" in mail.outbox[0].body and "gạo tẻ" in mail.outbox[0].body
        publish("Cần mua gạo lứt")  # later the same day: waits for tomorrow
        with django_capture_on_commit_callbacks(execute=True):
            assert leads_digest_send() == 0
        assert len(mail.outbox) == 1
    with time_machine.travel(dt.datetime(2026, 4, 2, 8, 0, tzinfo=VN), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert leads_digest_send() == 1
        assert len(mail.outbox) == 2
        assert "gạo lứt" in mail.outbox[1].body


@pytest.mark.django_db
def test_member_turns_the_digest_off(
    product, vendor_client, buyer_client, moderator_client, django_capture_on_commit_callbacks
):
    assert vendor_client.get("/api/v1/me/lead-alerts/").json() == {"digest": True}
    alerts = "/api/v1/me/lead-alerts/"
    assert vendor_client.put(alerts, {}, format="json").status_code == 400
    response = vendor_client.put(alerts, {"digest": False}, format="json")
    assert response.json() == {"digest": False}
    slug = post(buyer_client).json()["slug"]
    moderator_client.post(f"{URL}{slug}/approve/", {})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        leads_digest_send()
    assert mail.outbox == []


@pytest.mark.django_db
def test_offer_opens_an_inquiry_thread_with_the_buyer(
    published,
    product,
    vendor,
    vendor_client,
    buyer,
    buyer_client,
    other_vendor_client,
    other_vendor,
):
    url = f"{URL}{published.slug}/offers/"
    body = {"vendor": vendor.slug, "product": product.slug, "quantity": 5000, "message": "Có hàng"}
    response = vendor_client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    inquiry = Inquiry.objects.get(pk=response.json()["inquiry"])
    assert (inquiry.buyer, inquiry.vendor, inquiry.status) == (buyer, vendor, "answered")
    # the buyer sees the thread with the offer as its first message
    thread = buyer_client.get(f"/api/v1/inquiries/{inquiry.pk}/").json()
    assert [m["body"] for m in thread["messages"]] == ["Có hàng"]
    # once per storefront; not for someone else's storefront; not by the poster
    assert vendor_client.post(url, body, format="json").status_code == 409
    assert other_vendor_client.post(url, body, format="json").status_code == 403
    body["vendor"] = other_vendor.slug
    body["product"] = ProductFactory(vendor=other_vendor, slug="che").slug
    assert buyer_client.post(url, body, format="json").status_code == 403


# --- item 4: the public list -----------------------------------------------------------------


@pytest.mark.django_db
def test_list_filters_and_ordering(buyer_client, moderator_client, api_client):
    for title, qty, expires in [("A", 10, "2099-01-01"), ("B", 1000, "2098-01-01")]:
        slug = post(buyer_client, title=title, quantity=qty, expires_on=expires).json()["slug"]
        moderator_client.post(f"{URL}{slug}/approve/", {})

    def titles(**params):
        response = api_client.get(URL, params)
        assert response.status_code == 200, response.json()
        return [r["title"] for r in response.json()["results"]]

    assert titles() == ["B", "A"]
    assert titles(ordering="expiring") == ["B", "A"]
    assert titles(quantity_min=100) == ["B"]
    assert titles(quantity_max=100) == ["A"]
    assert titles(kind="sell") == []
    assert titles(category="thuc-pham") == ["B", "A"]  # an ancestor
    assert titles(category="thuc-pham-che-bien") == []
    assert titles(province=PHU_THO) == ["B", "A"]
    assert titles(posted_since="2099-01-01") == []
    assert api_client.get(URL, {"colour": "red"}).status_code == 400


# --- item 5: statistics ----------------------------------------------------------------------


@pytest.mark.django_db
def test_stats_for_moderators(
    published, product, vendor, vendor_client, buyer, moderator_client, api_client
):
    body = {"vendor": vendor.slug, "product": product.slug, "quantity": 1, "message": "Có"}
    vendor_client.post(f"{URL}{published.slug}/offers/", body, format="json")
    stats = moderator_client.get("/api/v1/stats/").json()
    row = stats["moderation"]["leads"][0]
    assert (row["category"], row["kind"]) == ("thuc-pham-so-che", "buy")
    assert (row["posted"], row["answered"], row["converted"]) == (1, 1, 0)
    assert stats["moderation"]["leads_published_now"] == 1
    assert "moderation" not in api_client.get("/api/v1/stats/").json()
    # the buyer orders from the storefront that answered: converted
    checkout_place(
        buyer=buyer,
        delivery=Delivery("Lê Văn Mua", "0912345678", PHU_THO, 7900, "Số 1"),
        lines=[(product.slug, 2)],
        payment_method="cod",
    )
    cache.clear()
    row = moderator_client.get("/api/v1/stats/").json()["moderation"]["leads"][0]
    assert (row["posted"], row["answered"], row["converted"]) == (1, 1, 1)


# --- item 4: search --------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_leads_with_vietnamese_folding(buyer_client, moderator_client, api_client):
    for title in ("Cần mua bưởi Đoan Hùng", "Cần mua chè xanh Thanh Ba"):
        slug = post(buyer_client, title=title).json()["slug"]
        moderator_client.post(f"{URL}{slug}/approve/", {})
    post(buyer_client, title="Bưởi chưa duyệt")  # pending: never found

    def found(q, **params):
        response = api_client.get("/api/v1/search/leads/", {"q": q, **params})
        assert response.status_code == 200, response.json()
        return [r["title"] for r in response.json()["results"]]

    assert found("bưởi") == ["Cần mua bưởi Đoan Hùng"]
    assert found("BUOI doan") == ["Cần mua bưởi Đoan Hùng"]
    assert found("thanh ba") == ["Cần mua chè xanh Thanh Ba"]
    assert found("phu tho") == ["Cần mua chè xanh Thanh Ba", "Cần mua bưởi Đoan Hùng"]
    assert found("ưởi") == []  # words match from their start
    assert found("bưởi", kind="sell") == []
    assert api_client.get("/api/v1/search/leads/").status_code == 400  # q is required
    assert api_client.get("/api/v1/search/leads/", {"q": "x", "y": "1"}).status_code == 400


@pytest.mark.django_db
def test_refusals_in_vietnamese(buyer_client):
    response = buyer_client.post(
        URL, buy_body(negotiable=True), format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["target_price"] == [
        "Hãy nhập giá mong muốn hoặc chọn giá thỏa thuận, không chọn cả hai."
    ]
