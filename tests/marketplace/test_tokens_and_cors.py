"""Partners' browsers and tokens (issue 17 item 7, D181): CORS for the API only, from an
allow-list; refresh tokens rotated and blacklisted; logout; a new password ends every token and
session of the user."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from core.api.throttling import ScopedRateThrottle
from marketplace.services.personal_data import personal_data_erase
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
ME = "/api/v1/me/"
PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def _login_rate(monkeypatch):
    """The default sign-in rate, whatever an earlier test left on the class."""
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "login": "20/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def person(db):
    return UserFactory(email="lan@example.vn")


def sign_in(email: str, password: str = PASSWORD) -> dict[str, str]:
    response = APIClient().post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def me_with(access: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get(ME).status_code


def refresh(token: str):
    return APIClient().post(REFRESH, {"refresh": token}, format="json")


# --- refresh rotation and logout -----------------------------------------------------------------


def test_a_refresh_answers_a_new_refresh_token_and_the_old_one_is_spent(person):
    tokens = sign_in(person.email)
    first = refresh(tokens["refresh"])
    assert first.status_code == 200
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens["refresh"]
    assert me_with(first.json()["access"]) == 200

    again = refresh(tokens["refresh"])  # a stolen copy of the old one is worthless now
    assert again.status_code == 401
    assert again.json()["type"] == "urn:giaothuong:problem:not_authenticated"
    assert refresh(first.json()["refresh"]).status_code == 200


def test_logout_revokes_the_refresh_token(person):
    tokens = sign_in(person.email)
    response = APIClient().post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 204
    assert response.content == b""
    assert BlacklistedToken.objects.filter(token__user=person).count() == 1

    after = refresh(tokens["refresh"])
    assert after.status_code == 401
    assert after.json()["type"] == "urn:giaothuong:problem:not_authenticated"
    twice = APIClient().post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    assert twice.status_code == 401
    assert twice.json()["type"] == "urn:giaothuong:problem:not_authenticated"


def test_logout_refuses_bad_input_in_the_error_shape(person):
    missing = APIClient().post(LOGOUT, {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["type"] == "urn:giaothuong:problem:validation_error"
    assert "refresh" in missing.json()["errors"]
    garbage = APIClient().post(LOGOUT, {"refresh": "not-a-token"}, format="json")
    assert garbage.status_code == 401
    assert garbage.json()["type"] == "urn:giaothuong:problem:not_authenticated"
    # An access token is no refresh token.
    access = sign_in(person.email)["access"]
    wrong_kind = APIClient().post(LOGOUT, {"refresh": access}, format="json")
    assert wrong_kind.status_code == 401


def test_logout_leaves_the_users_other_sessions_alone(person):
    phone, laptop = sign_in(person.email), sign_in(person.email)
    assert APIClient().post(LOGOUT, {"refresh": phone["refresh"]}, format="json").status_code == 204
    assert refresh(laptop["refresh"]).status_code == 200


# --- a new password ends everything -------------------------------------------------------------


def _session_client(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_a_password_change_revokes_every_token_and_session(person):
    phone, laptop = sign_in(person.email), sign_in(person.email)
    browser = _session_client(person)
    assert browser.get(ME).status_code == 200
    other = UserFactory()
    others = sign_in(other.email)

    person.set_password("a-new-pass-456")  # what the admin, changepassword and a reset do
    person.save()

    assert OutstandingToken.objects.filter(user=person, blacklistedtoken__isnull=True).count() == 0
    for tokens in (phone, laptop):
        assert me_with(tokens["access"]) == 401  # the access token in hand ends at once
        assert refresh(tokens["refresh"]).status_code == 401
    assert browser.get(ME).status_code in (401, 403)  # Django's session hash check
    # Another user's tokens are untouched; the new password signs in.
    assert me_with(others["access"]) == 200
    assert refresh(others["refresh"]).status_code == 200
    assert me_with(sign_in(person.email, "a-new-pass-456")["access"]) == 200


def test_a_moderator_setting_a_password_in_the_admin_revokes_the_users_tokens(person):
    tokens = sign_in(person.email)
    admin = Client()
    admin.force_login(ModeratorFactory(is_staff=True, is_superuser=True))
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "a-new-pass-456", "password2": "a-new-pass-456", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert refresh(tokens["refresh"]).status_code == 401
    assert me_with(tokens["access"]) == 401


def test_signing_in_does_not_revoke_anything(person):
    first = sign_in(person.email)
    sign_in(person.email)  # last_login is saved: no password change
    assert refresh(first["refresh"]).status_code == 200


def test_erasure_revokes_the_tokens(person):
    tokens = sign_in(person.email)
    personal_data_erase(user=person, password=PASSWORD)
    assert BlacklistedToken.objects.filter(token__user=person).count() == 1
    assert refresh(tokens["refresh"]).status_code == 401


# --- CORS --------------------------------------------------------------------------------------

APP = "https://app.partner.example"


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def test_an_allowed_origin_reads_the_api(cors, api_client):
    response = api_client.get("/api/v1/regions/provinces/", HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Credentials" not in response
    assert "etag" in response["Access-Control-Expose-Headers"].lower()


def test_a_preflight_names_the_headers_partners_send(cors, api_client):
    response = api_client.options(
        "/api/v1/products/",
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, idempotency-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "idempotency-key"} <= set(allowed.split(", "))
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_other_origins_get_no_cors_headers(cors, api_client):
    response = api_client.get("/api/v1/regions/provinces/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_only_the_api_answers_cors(cors, path):
    response = Client().get(path, HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(api_client):
    response = api_client.get("/api/v1/regions/provinces/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response
