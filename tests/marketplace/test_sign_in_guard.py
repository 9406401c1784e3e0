"""Sign-in and sign-up against a hostile client (issue 12, item 7, D106): a forged
X-Forwarded-For buys no fresh allowance, failures are counted per account whatever the address,
and registration does not tell who has an account."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import RequestFactory

from core.api.addresses import client_address
from core.api.throttling import ScopedRateThrottle
from marketplace import settings as project_settings
from marketplace.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REGISTER = "/api/v1/auth/register/"


@pytest.fixture(autouse=True)
def _login_rate(monkeypatch):
    """The default sign-in rate, whatever an earlier test left on the class."""
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "login": "20/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def person(db):
    return UserFactory(email="lan@example.vn")  # password "secret-pass-123"


def _sign_in(api_client, email, password, address):
    return api_client.post(
        TOKEN,
        {"email": email, "password": password},
        format="json",
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR="203.0.113.9",
    )


def test_rotating_x_forwarded_for_gives_no_fresh_allowance(api_client, person):
    """The outside probe: 40 wrong passwords from 40 forged addresses, then the right one."""
    answers = [
        _sign_in(api_client, person.email, "wrong", f"198.51.100.{n}").status_code
        for n in range(40)
    ]
    assert answers[:10] == [401] * 10
    assert set(answers[20:]) == {429}
    right = _sign_in(api_client, person.email, "secret-pass-123", "198.51.100.200")
    assert right.status_code == 429
    assert int(right["Retry-After"]) >= 1


def test_failures_per_account_survive_a_changing_address(api_client, person, settings):
    settings.LOGIN_FAILURES_MAX = 3
    settings.LOGIN_FAILURES_WINDOW_SECONDS = 600
    for n in range(3):
        wrong = api_client.post(
            TOKEN,
            {"email": " LAN@example.VN ", "password": "wrong"},
            format="json",
            REMOTE_ADDR=f"192.0.2.{n}",  # a real change of address, not only a header
        )
        assert wrong.status_code == 401
    locked = api_client.post(
        TOKEN,
        {"email": person.email, "password": "secret-pass-123"},
        format="json",
        REMOTE_ADDR="192.0.2.77",
    )
    assert locked.status_code == 429
    body = locked.json()
    assert body["type"] == "urn:giaothuong:problem:login_locked"
    assert body["status"] == 429
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert 1 <= int(locked["Retry-After"]) <= 601
    # Another account is not affected.
    other = UserFactory(email="hoa@example.vn")
    ok = api_client.post(
        TOKEN, {"email": other.email, "password": "secret-pass-123"}, format="json"
    )
    assert ok.status_code == 200


def test_unknown_accounts_are_counted_the_same(api_client, settings):
    settings.LOGIN_FAILURES_MAX = 2
    answers = [
        api_client.post(
            TOKEN, {"email": "nobody@example.vn", "password": "x"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert answers == [401, 401, 429]


def test_a_success_clears_the_count(api_client, person, settings):
    settings.LOGIN_FAILURES_MAX = 2
    assert _sign_in(api_client, person.email, "wrong", "1.1.1.1").status_code == 401
    assert _sign_in(api_client, person.email, "secret-pass-123", "1.1.1.1").status_code == 200
    assert _sign_in(api_client, person.email, "wrong", "1.1.1.1").status_code == 401
    assert _sign_in(api_client, person.email, "secret-pass-123", "1.1.1.1").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # trust none: the connection's address
        (0, "", "10.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged left part is ignored
        (2, "6.6.6.6, 198.51.100.1, 172.16.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "198.51.100.1"),  # shorter than the chain of proxies
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_the_default_trusts_no_forwarded_header():
    assert project_settings.NUM_PROXIES == 0
    assert project_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def _register(api_client, email):
    return api_client.post(
        REGISTER,
        {"email": email, "password": "che-thanh-ba-2025", "full_name": "Nguyễn Thị Lan"},
        format="json",
    )


def test_registration_answers_the_same_whether_or_not_the_account_exists(
    api_client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taken = _register(api_client, "LAN@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        new = _register(api_client, "Hoa@Example.vn")
    assert taken.status_code == new.status_code == 202
    assert set(taken.json()) == set(new.json()) == {"email", "detail"}
    assert taken.json()["detail"] == new.json()["detail"]
    assert User.objects.filter(email__iexact="lan@example.vn").count() == 1
    assert User.objects.filter(email="hoa@example.vn").exists()
    # The mail says the rest: the owner of the taken address is told; the newcomer welcomed.
    assert [m.to for m in mail.outbox] == [["lan@example.vn"], ["hoa@example.vn"]]
    assert "already" in mail.outbox[0].subject.lower() or "đã có" in mail.outbox[0].subject
    assert mail.outbox[0].subject != mail.outbox[1].subject


def test_no_mail_before_commit(api_client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _register(api_client, person.email)
    assert mail.outbox == []
    assert len(callbacks) == 1
