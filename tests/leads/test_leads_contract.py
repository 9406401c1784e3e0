"""The lead reads on real rows match the OpenAPI document (D114): a published lead with its
contact (a storefront member reads) and without (anonymous), its offer's answer, the search."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework_simplejwt.tokens import RefreshToken

from tests.core.test_openapi_contract import CHECKS
from tests.leads.test_leads import URL, post


@contextmanager
def keep_test_connection():
    """schemathesis calls the WSGI app directly: keep the test's connection open. (Django's test
    client reconnects these receivers after each of its requests, so this wraps only the calls
    made through schemathesis, after the last test-client request.)"""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_lead_reads_match_the_document(buyer_client, moderator_client, owner, product):
    slug = post(buyer_client, title="Cần mua gạo").json()["slug"]
    moderator_client.post(f"{URL}{slug}/approve/", {})
    token = {"Authorization": f"Bearer {RefreshToken.for_user(owner).access_token}"}
    calls = [
        ("/api/v1/leads/", {}, {"for_me": "true"}),
        ("/api/v1/leads/{slug}/", {"slug": slug}, {}),
        ("/api/v1/search/leads/", {}, {"q": "gao"}),
        ("/api/v1/me/lead-alerts/", {}, {}),
    ]
    checked = 0
    with keep_test_connection():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        checked = _call_all(schema, calls, token)
    assert checked == 7


def _call_all(schema, calls, token) -> int:
    checked = 0
    for path, path_parameters, query in calls:
        operation = schema[path]["GET"]
        for headers in ({}, token):
            if path.startswith("/api/v1/me/") and not headers:
                continue
            case = operation.Case(path_parameters=path_parameters, query=query)
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            assert response.status_code == 200, response.text
            checked += 1
    return checked
