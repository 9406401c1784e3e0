"""The OpenAPI document says what the ticket, registration and check-in endpoints answer: every
status with its problem types, the waiting list's fields, the check-in window (issue 12, items 4
and 5)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

FAIR = "/api/v1/fairs/{fair_slug}"
EXPECTED = {
    (f"{FAIR}/registrations/", "get"): {"200", "400", "401", "403", "404"},
    (f"{FAIR}/registrations/", "post"): {"201", "400", "401", "404", "409"},
    (f"{FAIR}/registrations/{{id}}/cancel/", "post"): {"200", "400", "401", "403", "404", "409"},
    ("/api/v1/tickets/", "get"): {"200", "400", "401", "404"},
    ("/api/v1/tickets/{id}/", "get"): {"200", "401", "404"},
    ("/api/v1/tickets/{id}/cancel/", "post"): {"200", "400", "401", "404", "409"},
    ("/api/v1/tickets/{id}/qr.svg", "get"): {"200", "401", "404", "409"},
    ("/api/v1/tickets/{id}/qr.png", "get"): {"200", "401", "404", "409"},
    (f"{FAIR}/checkins/", "get"): {"200", "400", "401", "403", "404"},
    (f"{FAIR}/checkins/", "post"): {"200", "400", "401", "403", "404", "409"},
    (f"{FAIR}/checkins/batch/", "post"): {"200", "400", "401", "403", "404", "409"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        r = APIClient().get(
            "/api/schema/",
            HTTP_ACCEPT="application/vnd.oai.openapi+json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert r.status_code == 200
    return r.json()


def test_every_status_is_documented_in_the_one_error_shape(schema):
    for (path, method), codes in EXPECTED.items():
        responses = schema["paths"][path][method]["responses"]
        assert codes <= set(responses), (path, method, sorted(responses))
        for code in codes - {"200", "201"}:
            body = responses[code]["content"]["application/json"]["schema"]
            body = (
                schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                if "$ref" in body
                else body
            )
            assert set(body["required"]) == {"type", "title", "status", "detail", "errors"}


def test_the_refusals_name_their_problem_types(schema):
    scan = schema["paths"][f"{FAIR}/checkins/"]["post"]["responses"]["409"]["description"]
    for code in ("checkin_not_open", "checkin_ended", "ticket_waiting", "ticket_cancelled"):
        assert code in scan
    register = schema["paths"][f"{FAIR}/registrations/"]["post"]["responses"]["409"]
    for code in ("fair_full", "already_registered", "already_waiting"):
        assert code in register["description"]


def test_the_waiting_list_and_the_window_are_in_the_shapes(schema):
    parts = schema["components"]["schemas"]
    assert "waitlist" in parts["RegistrationCreateRequest"]["properties"]
    assert {"waitlist_position", "waitlisted_at"} <= set(parts["Ticket"]["properties"])
    assert {"waitlist_position", "waitlisted_at"} <= set(parts["Registration"]["properties"])
    assert "checkin_opens_at" in parts["TicketFair"]["properties"]
    assert "waiting" in parts["RegistrationStatusEnum"]["enum"]
    assert {"checkin_not_open", "fair_ended", "waiting"} <= set(parts["RefusalEnum"]["enum"])
