"""Mails link people to the site's pages, not to the API's JSON (D252): the storefront-approved
notice, the daily buy-lead digest and the visitor's ticket. Each link is the page of the thing,
in the mail's language, and it answers the recipient (the ticket through the sign-in page)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve
from django.utils import translation

from core import links
from fairs.services.visitors import registration_cancel, registration_create
from leads.services.digest import leads_digest_send
from marketplace.models import VendorStatus
from tests.factories import MembershipFactory, UserFactory, VendorFactory
from tests.factories.fairs import FairFactory
from tests.leads.test_leads import post as post_lead
from web import fair_pages, lead_pages
from web.shop import listing

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}
LANGUAGES = [("vi", ""), ("en", "/en")]


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+?(?=[\s.]*(?:\s|$))", body)


def _path(url: str) -> str:
    return urlsplit(url).path


def _view(path: str, language: str):
    """The view the path resolves to, in the mail's language (an /en/ path only resolves then)."""
    with translation.override(language):
        return resolve(path).func


def _browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_an_approved_storefront_is_sent_to_its_public_page(
    moderator_client, language, prefix, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="chu@example.vn")
    vendor = VendorFactory(slug="htx-che-long-coc", status=VendorStatus.PENDING)
    MembershipFactory(vendor=vendor, user=owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/api/v1/vendors/{vendor.slug}/approve/", {}, HTTP_ACCEPT_LANGUAGE=language
        )

    assert response.status_code == 200, response.json()
    [message] = mail.outbox
    assert message.to == [owner.email]
    [url] = _links(message.body)
    assert url == f"http://testserver{prefix}/gian-hang/htx-che-long-coc/"
    assert "/api/" not in message.body
    assert _view(_path(url), language) == listing.storefront_page
    assert _browser(owner).get(_path(url), **HTML).status_code == 200


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_the_lead_digest_links_each_lead_to_its_page(
    product,
    owner,
    buyer_client,
    moderator_client,
    language,
    prefix,
    django_capture_on_commit_callbacks,
):
    slug = post_lead(buyer_client, title="Cần mua gạo nếp cái hoa vàng").json()["slug"]
    assert moderator_client.post(f"/api/v1/leads/{slug}/approve/", {}).status_code == 200
    mail.outbox.clear()

    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        assert leads_digest_send() == 1

    [message] = mail.outbox
    assert message.to == [owner.email]
    [url] = _links(message.body)
    assert _path(url) == f"{prefix}/tin-mua-ban/{slug}/"
    assert "/api/" not in message.body
    assert _view(_path(url), language) == lead_pages.lead_detail_page
    page = _browser(owner).get(_path(url), **HTML)
    assert page.status_code == 200 and "Cần mua gạo nếp cái hoa vàng" in page.content.decode()


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_the_ticket_mail_opens_the_ticket_page_after_sign_in(
    buyer, language, prefix, django_capture_on_commit_callbacks
):
    fair = FairFactory(slug="hoi-cho-ocop-dat-to")

    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(fair=fair, actor=buyer, attendee_name="Lê Văn Mua")

    [message] = mail.outbox
    assert message.to == [buyer.email]
    [url] = _links(message.body)
    path = _path(url)
    assert path == f"{prefix}/hoi-cho/hoi-cho-ocop-dat-to/ve/"
    assert "/api/" not in message.body and registration.code in message.body
    assert _view(path, language) == fair_pages.fair_ticket
    # Signed out: the sign-in page, coming back to the ticket; signed in: the ticket and its QR.
    signed_out = _browser().get(path, **HTML)
    assert signed_out.status_code == 302
    assert signed_out["Location"] == f"{prefix}/dang-nhap/?next={path.replace('/', '%2F')}"
    assert _browser().get(signed_out["Location"], **HTML).status_code == 200
    page = _browser(buyer).get(path, **HTML)
    assert page.status_code == 200 and 'src="data:image/svg+xml;base64,' in page.content.decode()


def test_a_place_from_the_waiting_list_is_mailed_the_ticket_page_too(
    buyer, django_capture_on_commit_callbacks
):
    fair = FairFactory(slug="hoi-cho-tra-phu-tho", visitor_capacity=1)
    first = UserFactory(email="thu-nhat@example.vn")
    mine = registration_create(fair=fair, actor=first, attendee_name="Người thứ nhất")
    registration_create(fair=fair, actor=buyer, attendee_name="Lê Văn Mua", waitlist=True)
    mail.outbox.clear()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=mine, actor=first)

    [message] = [m for m in mail.outbox if m.to == [buyer.email]]
    [url] = _links(message.body)
    assert _path(url) == "/en/hoi-cho/hoi-cho-tra-phu-tho/ve/"
    assert _browser(buyer).get(_path(url), **HTML).status_code == 200


def test_without_the_site_a_mail_falls_back_to_the_api_url(
    monkeypatch, moderator_client, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(links, "_PAGES", {})
    vendor = VendorFactory(slug="htx-che-long-coc", status=VendorStatus.PENDING)
    MembershipFactory(vendor=vendor, user=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(f"/api/v1/vendors/{vendor.slug}/approve/", {})

    assert _links(mail.outbox[0].body) == ["http://testserver/api/v1/vendors/htx-che-long-coc/"]
