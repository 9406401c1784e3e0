"""Fair pages (issue 15, D201): the list, one fair with its programme, exhibitors, booths and
schema.org Event, visitor registration through the API's service with its refusals, and the
ticket with its QR code."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from fairs import tickets
from fairs.models import FairStatus, RegistrationStatus, VisitorRegistration
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.factories.fairs import ExhibitorApplicationFactory, FairFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


def _ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def _alert(html: str) -> str:
    found = re.search(r'<div class="alert" role="alert">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found[1]) if found else ""


@pytest.fixture
def fair(db):
    return FairFactory(name="Hội chợ OCOP Đất Tổ", slug="hoi-cho-ocop-dat-to", visitor_capacity=2)


def test_the_list_shows_fairs_to_come_and_under_way_but_not_past_or_draft(client):
    FairFactory(name="Hội chợ sắp tới")
    FairFactory(name="Hội chợ đang diễn ra", under_way=True)
    FairFactory(
        name="Hội chợ đã qua",
        starts_at=timezone.now() - timezone.timedelta(days=9),
        ends_at=timezone.now() - timezone.timedelta(days=7),
        registration_opens_at=timezone.now() - timezone.timedelta(days=20),
        registration_closes_at=timezone.now() - timezone.timedelta(days=10),
        status=FairStatus.CLOSED,
    )
    FairFactory(name="Hội chợ nháp", status=FairStatus.DRAFT, published_at=None)

    response = client.get("/hoi-cho/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30"
    assert "Hội chợ sắp tới" in html and "Hội chợ đang diễn ra" in html
    assert "Hội chợ đã qua" not in html and "Hội chợ nháp" not in html
    assert "<h1>Hội chợ triển lãm</h1>" in html


def test_the_list_is_paginated_with_links_crawlers_follow(client, monkeypatch):
    """D221: FAIRS_PAGE a page, soonest first; plain `rel=prev/next` links in the page and the
    head; a page past the end or a bad number is 404."""
    monkeypatch.setattr("web.fair_pages.FAIRS_PAGE", 2)
    now = timezone.now()
    for day in range(1, 6):
        FairFactory(
            name=f"Hội chợ ngày {day}",
            starts_at=now + timezone.timedelta(days=35 + day),
            ends_at=now + timezone.timedelta(days=39 + day),
        )

    first = client.get("/hoi-cho/", **HTML).content.decode()
    second = client.get("/hoi-cho/?page=2", **HTML).content.decode()
    last = client.get("/hoi-cho/?page=3", **HTML).content.decode()

    assert "Hội chợ ngày 1" in first and "Hội chợ ngày 2" in first and "ngày 3" not in first
    assert '<link rel="next" href="/hoi-cho/?page=2">' in first and 'rel="prev"' not in first
    assert '<a rel="next" href="/hoi-cho/?page=2">' in first
    assert "Hội chợ ngày 3" in second and "Hội chợ ngày 4" in second
    assert '<a rel="prev" href="/hoi-cho/">' in second
    assert '<link rel="next" href="/hoi-cho/?page=3">' in second
    assert "Hội chợ ngày 5" in last and 'rel="next"' not in last
    assert "trang 3" in last  # the title says which page
    for bad in ("4", "0", "abc"):
        assert client.get(f"/hoi-cho/?page={bad}", **HTML).status_code == 404


def test_the_event_json_ld_comes_from_the_one_json_ld_module_and_is_script_safe(client):
    """D221: the fair's Event is built and written by web.seo.jsonld like every page's
    JSON-LD; a text that would close the script element stays inside it."""
    FairFactory(slug="hoi-cho-an-toan", name="Hội chợ </script><b>x</b> & co")

    html = client.get("/hoi-cho/hoi-cho-an-toan/", **HTML).content.decode()

    assert "</script><b>" not in html
    (event,) = [block for block in _ld(html) if block["@type"] == "Event"]
    assert event["name"] == "Hội chợ </script><b>x</b> & co"
    assert "\\u003c/script\\u003e" in html


def test_a_fair_page_has_programme_exhibitors_booths_and_an_event_for_search_engines(client, fair):
    shop = VendorFactory(display_name="HTX Chè Long Cốc", slug="htx-che-long-coc")
    tea = ProductFactory(vendor=shop, name="Chè xanh Long Cốc")
    hidden = ProductFactory(vendor=shop, name="Chè nháp", status="draft")
    application = ExhibitorApplicationFactory(
        booth_type__fair=fair, vendor=shop, booth_number="A12", products=[tea, hidden]
    )
    ExhibitorApplicationFactory(
        booth_type=application.booth_type, status="rejected", vendor__display_name="HTX bị từ chối"
    )

    response = client.get("/hoi-cho/hoi-cho-ocop-dat-to/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30"
    assert "<h1>Hội chợ OCOP Đất Tổ</h1>" in html
    assert "Chương trình" in html and "Mở cổng đón khách" in html
    assert "HTX Chè Long Cốc" in html and "Gian A12" in html
    assert "Chè xanh Long Cốc" in html
    assert "Chè nháp" not in html and "HTX bị từ chối" not in html
    assert "lienhe" not in html  # exhibitors' contacts stay in the organizers' export
    # Anonymous: a link to sign in that comes back to the form.
    assert 'href="/dang-nhap/?next=%2Fhoi-cho%2Fhoi-cho-ocop-dat-to%2F%23dang-ky"' in html
    [event] = _ld(html)
    assert event["@type"] == "Event"
    assert event["name"] == "Hội chợ OCOP Đất Tổ"
    assert event["startDate"].endswith("+07:00")
    assert event["location"]["address"]["addressRegion"] == "Phú Thọ"
    assert event["organizer"]["@type"] == "Organization"
    assert event["offers"]["price"] == "0" and event["offers"]["priceCurrency"] == "VND"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"


def test_english_fair_page_under_en(client, fair):
    response = client.get("/en/hoi-cho/hoi-cho-ocop-dat-to/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Programme" in html and "Sign in to register" in html
    assert 'href="/en/dang-nhap/?next=%2Fen%2Fhoi-cho%2Fhoi-cho-ocop-dat-to%2F%23dang-ky"' in html


def test_draft_fair_is_404_and_cancelled_fair_says_so(client):
    FairFactory(slug="nhap", status=FairStatus.DRAFT, published_at=None)
    FairFactory(slug="huy", status=FairStatus.CANCELLED, status_reason="Bão số 3")

    assert client.get("/hoi-cho/nhap/", **HTML).status_code == 404
    cancelled = client.get("/hoi-cho/huy/", **HTML)
    assert cancelled.status_code == 200
    html = cancelled.content.decode()
    assert "Hội chợ đã bị hủy. Bão số 3" in html
    assert _ld(html)[0]["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in _ld(html)[0]


def test_anonymous_registration_is_sent_to_sign_in_and_nothing_is_written(client, fair):
    response = client.post("/hoi-cho/hoi-cho-ocop-dat-to/dang-ky/", {"attendee_name": "A"})

    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=%2Fhoi-cho%2Fhoi-cho-ocop-dat-to%2F%23dang-ky"
    assert not VisitorRegistration.objects.exists()


def test_a_signed_in_visitor_registers_and_sees_the_ticket_with_its_qr(client, buyer, fair):
    client.force_login(buyer)

    response = client.post(
        "/hoi-cho/hoi-cho-ocop-dat-to/dang-ky/",
        {"attendee_name": "Lê Văn Mua", "organization": "Siêu thị Việt Trì", "phone": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == "/hoi-cho/hoi-cho-ocop-dat-to/ve/"
    registration = VisitorRegistration.objects.get(user=buyer, fair=fair)
    assert registration.status == RegistrationStatus.ACTIVE
    assert registration.organization == "Siêu thị Việt Trì"
    ticket = client.get(response["Location"], **HTML)
    html = ticket.content.decode()
    assert ticket.status_code == 200
    assert "no-store" in ticket["Cache-Control"] or "private" in ticket["Cache-Control"]
    svg = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert svg, html
    # The QR reads back as the signed ticket code the gates verify.
    png = tickets.qr_png(registration.code)
    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text == registration.code
    assert registration.code.encode() not in base64.b64decode(svg[1])  # drawn, not written
    assert "Lê Văn Mua" in html
    # The fair page now links to the ticket instead of the form.
    page = client.get("/hoi-cho/hoi-cho-ocop-dat-to/", **HTML).content.decode()
    assert "Bạn đã có vé vào hội chợ này." in page


def test_full_fair_offers_the_waiting_list_in_the_pages_language(client, fair):
    for _ in range(2):
        VisitorRegistration.objects.create(
            fair=fair, user=UserFactory(), token=tickets.token_new(), status="active"
        )
    visitor = UserFactory()
    client.force_login(visitor)

    full = client.post("/en/hoi-cho/hoi-cho-ocop-dat-to/dang-ky/", {"attendee_name": "Ann"})

    assert full.status_code == 409
    html = full.content.decode()
    assert "This fair is full: every visitor place is taken." in _alert(html)
    assert "0 people are waiting" in _alert(html)
    assert '<input type="hidden" name="waitlist" value="true">' in html
    assert "Join the waiting list" in html
    assert not VisitorRegistration.objects.filter(user=visitor).exists()

    joined = client.post(
        "/hoi-cho/hoi-cho-ocop-dat-to/dang-ky/", {"attendee_name": "Ann", "waitlist": "true"}
    )
    assert joined.status_code == 302
    ticket = client.get(joined["Location"], **HTML).content.decode()
    assert "Bạn đứng thứ 1 trong danh sách chờ." in ticket
    assert "data:image/svg+xml" not in ticket


def test_closed_registration_and_bad_input_show_the_services_messages(client, buyer):
    fair = FairFactory(slug="mo", status=FairStatus.OPEN)
    client.force_login(buyer)

    bad = client.post(f"/hoi-cho/{fair.slug}/dang-ky/", {"attendee_name": "x" * 201})
    assert bad.status_code == 400
    assert 'id="attendee_name-error"' in bad.content.decode()

    assert not VisitorRegistration.objects.exists()
    FairFactory(slug="da-huy", status=FairStatus.CANCELLED)
    closed = client.post("/hoi-cho/da-huy/dang-ky/", {"attendee_name": "A"})
    assert closed.status_code == 409
    assert "Hội chợ này không nhận đăng ký tham quan." in _alert(closed.content.decode())
