"""The bad-input corpus of issue 12 (item 8), replayed: each probe once answered 500 (or an HTML
page); every one must now be a 400 — or a 413 for a body over the limit — in the one error
shape (DESIGN.md), whoever sends it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import DataError
from django.utils import timezone
from rest_framework.test import APIClient

from core.api.errors import exception_handler
from tests.factories import UserFactory
from tests.factories.fairs import BoothTypeFactory, FairFactory, OrganizerFactory

pytestmark = pytest.mark.django_db

HUGE = 2**63  # one past the largest 64-bit integer
HUGER = 10**30
INT32_PAST = 2**31  # fits SQLite, overflows a PostgreSQL integer column
DEEP = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000


def _client(user=None) -> APIClient:
    client = APIClient(raise_request_exception=False)  # a 500 is answered, not raised
    if user is not None:
        client.force_authenticate(user=user)
    return client


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status
    assert body["type"].startswith("urn:giaothuong:problem:")
    return body


@pytest.fixture
def organizer(db):
    return OrganizerFactory()


@pytest.fixture
def fair(organizer):
    return FairFactory(slug="hoi-cho-bad-inputs", organizers=[organizer])


# --- JSON nested 1,000 levels deep: every JSON endpoint, signed in or not ----------------------

DEEP_TARGETS = [
    ("anonymous", "post", "/api/v1/auth/register/"),
    ("anonymous", "post", "/api/v1/auth/token/"),
    ("anonymous", "post", "/api/v1/auth/token/refresh/"),
    ("signed in", "post", "/api/v1/vendors/"),
    ("signed in", "patch", "/api/v1/me/"),
    ("signed in", "post", "/api/v1/products/"),
    ("signed in", "post", "/api/v1/inquiries/"),
]


@pytest.mark.parametrize("document", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
@pytest.mark.parametrize(("who", "method", "url"), DEEP_TARGETS)
def test_deeply_nested_json_is_a_400(who, method, url, document):
    client = _client(UserFactory() if who == "signed in" else None)
    response = getattr(client, method)(url, data=document, content_type="application/json")
    body = assert_problem(response, 400)
    assert body["type"] == "urn:giaothuong:problem:parse_error"


def test_nesting_within_the_limit_still_parses(settings):
    settings.API_JSON_MAX_DEPTH = 4
    client = _client()
    shallow = json.dumps({"email": "a@example.vn", "x": [[{"y": 1}]]})
    assert client.post("/api/v1/auth/token/", shallow, content_type="application/json").status_code
    too_deep = json.dumps({"x": [[[{"y": 1}]]]})
    response = client.post("/api/v1/auth/token/", too_deep, content_type="application/json")
    assert_problem(response, 400)
    # Brackets inside strings are text, not nesting.
    text = json.dumps({"email": "[[[[[[[[", "password": "{{{{{{{{{"})
    response = client.post("/api/v1/auth/token/", text, content_type="application/json")
    assert response.status_code != 400 or "parse_error" not in response.json()["type"]


# --- numbers beyond 64 bits in query strings ----------------------------------------------------

QUERY_PROBES = (
    [
        f"/api/v1/search/products/?{name}={value}"
        for name in ("price_min", "price_max", "province", "commune")
        for value in (HUGE, -HUGE - 1, HUGER)
    ]
    + [
        f"/api/v1/search/vendors/?{name}={value}"
        for name in ("province", "commune")
        for value in (HUGE, HUGER)
    ]
    + [
        f"{url}?{name}={value}"
        for url in ("/api/v1/products/", "/api/v1/vendors/", "/api/v1/fairs/")
        for name in ("price_min", "price_max", "province", "commune")
        if not (url != "/api/v1/products/" and name.startswith("price"))
        if not (url == "/api/v1/fairs/" and name == "commune")
        for value in (HUGE, HUGER)
    ]
)


@pytest.mark.parametrize("url", QUERY_PROBES)
def test_huge_numbers_in_queries_are_a_400(url):
    assert_problem(_client().get(url), 400)


# --- numbers beyond 64 bits in bodies -----------------------------------------------------------


def _fair_body(**extra):
    now = timezone.now()
    body = {
        "name": "Phiên chợ thử số lớn",
        "kind": "physical",
        "venue": "Sân vận động",
        "province": 25,
        "registration_opens_at": (now + dt.timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + dt.timedelta(days=20)).isoformat(),
        "starts_at": (now + dt.timedelta(days=25)).isoformat(),
        "ends_at": (now + dt.timedelta(days=27)).isoformat(),
    }
    body.update(extra)
    return body


@pytest.mark.parametrize("value", [INT32_PAST, HUGE, -HUGE - 1, HUGER])
def test_huge_visitor_capacity_is_a_400(organizer, fair, value):
    client = _client(organizer)
    created = client.post("/api/v1/fairs/", _fair_body(visitor_capacity=value), format="json")
    assert assert_problem(created, 400)["errors"].keys() == {"visitor_capacity"}
    patched = client.patch(
        f"/api/v1/fairs/{fair.slug}/", {"visitor_capacity": value}, format="json"
    )
    assert assert_problem(patched, 400)["errors"].keys() == {"visitor_capacity"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", HUGE), ("price", HUGER), ("position", INT32_PAST), ("position", HUGE)],
)
def test_huge_booth_numbers_are_a_400(organizer, fair, field, value):
    client = _client(organizer)
    body = {"name": "Gian lớn", "size": "3m × 3m", "price": 1_000_000, "count": 2, field: value}
    created = client.post(f"/api/v1/fairs/{fair.slug}/booth-types/", body, format="json")
    assert field in assert_problem(created, 400)["errors"]
    booth = BoothTypeFactory(fair=fair)
    patched = client.patch(
        f"/api/v1/fairs/{fair.slug}/booth-types/{booth.pk}/", {field: value}, format="json"
    )
    assert field in assert_problem(patched, 400)["errors"]


@pytest.mark.parametrize("value", [HUGE, HUGER])
def test_huge_preferred_slots_are_a_400(fair, value):
    body = {"vendor": "any-storefront", "preferred_slots": [value]}
    response = _client(UserFactory()).post(
        f"/api/v1/fairs/{fair.slug}/meetings/", body, format="json"
    )
    errors = assert_problem(response, 400)["errors"]
    assert any(key.startswith("preferred_slots") for key in errors), errors


def test_a_huge_meeting_table_position_is_a_400(organizer, fair):
    response = _client(organizer).post(
        f"/api/v1/fairs/{fair.slug}/meeting-tables/",
        {"name": "B01", "position": INT32_PAST},
        format="json",
    )
    assert "position" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    "error",
    [
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        DataError("integer out of range"),
    ],
)
def test_a_number_the_database_cannot_hold_is_a_400_not_a_500(error):
    """The net under the field bounds: whatever number slips past them is still a 400."""
    response = exception_handler(error, {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["type"] == "urn:giaothuong:problem:validation_error"


def test_other_overflows_stay_server_errors():
    assert exception_handler(OverflowError("math range error"), {}) is None


def test_huge_number_in_a_form_body_is_a_400(organizer, fair):
    response = _client(organizer).patch(
        f"/api/v1/fairs/{fair.slug}/", {"visitor_capacity": str(HUGE)}, format="multipart"
    )
    assert "visitor_capacity" in assert_problem(response, 400)["errors"]


# --- a body over DATA_UPLOAD_MAX_MEMORY_SIZE -----------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "url"),
    [
        ("application/json", "/api/v1/auth/register/"),
        ("application/json", "/api/v1/vendors/"),
        ("application/x-www-form-urlencoded", "/api/v1/auth/token/"),
    ],
)
def test_a_body_over_the_limit_is_a_json_413(settings, content_type, url):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"x": "' + "a" * 4096 + '"}' if "json" in content_type else "x=" + "a" * 4096
    response = _client(UserFactory()).post(url, data=body, content_type=content_type)
    body = assert_problem(response, 413)
    assert body["type"] == "urn:giaothuong:problem:too_large"


def test_a_form_body_over_the_limit_outside_drf_is_a_json_413(settings):
    """Django's own refusal (a view outside DRF reads request.POST): JSON too, not a page."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = _client().post(
        "/admin/login/", data="x=" + "a" * 4096, content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 413)
