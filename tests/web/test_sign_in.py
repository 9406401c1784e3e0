"""Signing in and out of the site (issue 15, D202): a Django session behind CSRF-checked forms,
throttled per address and per account by the API sign-in's own counters, `next` followed only on
this site, the header showing who is signed in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from core.api.throttling import ScopedRateThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}
PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def _login_rate(monkeypatch):
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "login": "20/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def person(db):
    return UserFactory(email="lan@example.vn", full_name="Trần Thị Lan")


def _csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/dang-nhap/", **HTML)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, page.content.decode()
    return client, token[1]


def test_sign_in_page_is_a_private_form_not_indexed(client):
    response = client.get("/dang-nhap/?next=/hoi-cho/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html
    assert '<label for="id_email">Thư điện tử</label>' in html
    assert '<input type="hidden" name="next" value="/hoi-cho/">' in html


def test_signing_in_follows_next_and_the_header_shows_the_person(person):
    client, token = _csrf_client()

    response = client.post(
        "/dang-nhap/",
        {
            "email": person.email,
            "password": PASSWORD,
            "next": "/hoi-cho/",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/hoi-cho/"
    home = client.get("/", **HTML).content.decode()
    assert "Trần Thị Lan" in home
    assert 'action="/dang-xuat/"' in home and "Đăng xuất" in home


def test_a_post_without_the_csrf_token_is_refused(person):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/dang-nhap/", {"email": person.email, "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_next_pointing_away_from_the_site_goes_home(client, person, target):
    response = client.post(
        "/dang-nhap/", {"email": person.email, "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_says_so_beside_the_form_in_english_under_en(client, person):
    response = client.post("/en/dang-nhap/", {"email": person.email, "password": "wrong"})

    assert response.status_code == 400
    assert "The e-mail or the password is not right." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_lock_the_account_like_the_api_whatever_the_address(client, person, settings):
    settings.LOGIN_FAILURES_MAX = 3
    for n in range(3):
        client.post(
            "/dang-nhap/", {"email": person.email, "password": "x"}, REMOTE_ADDR=f"192.0.2.{n}"
        )

    locked = client.post(
        "/dang-nhap/", {"email": person.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
    )

    assert locked.status_code == 429
    assert int(locked["Retry-After"]) >= 1
    assert "Tài khoản này đăng nhập sai quá nhiều lần" in locked.content.decode()
    # The API shares the count: its sign-in is locked too.
    api = client.post(
        "/api/v1/auth/token/",
        {"email": person.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 429


def test_one_address_is_throttled_with_the_apis_login_rate(client, person, monkeypatch):
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "login": "2/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    for _ in range(2):
        client.post("/dang-nhap/", {"email": f"x{_}@example.vn", "password": "x"})

    refused = client.post("/dang-nhap/", {"email": person.email, "password": PASSWORD})

    assert refused.status_code == 429
    assert "Có quá nhiều lần đăng nhập từ địa chỉ của bạn" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_a_get_only_asks(client, person):
    client.force_login(person)

    asked = client.get("/dang-xuat/", **HTML)
    assert asked.status_code == 200
    assert "_auth_user_id" in client.session

    response = client.post("/dang-xuat/", {"next": "/tin-mua-ban/"})
    assert response.status_code == 302
    assert response["Location"] == "/tin-mua-ban/"
    assert "_auth_user_id" not in client.session
