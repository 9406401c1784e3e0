"""Property-based fuzzing of the API against its own OpenAPI document (schemathesis).

The schema is read in-process from /api/schema/ through WSGI (no network). Every operation is
called with generated parameters and bodies, anonymously and as a storefront owner (JWT), with a
small bounded number of examples each (derandomized, so CI runs are repeatable). Every response
must conform to the document (D114): no server error, a status the operation documents, the
documented content type and headers, and a body matching the documented schema (for errors,
the one error shape).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import CertificateFactory, MembershipFactory, ProductFactory, VendorFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
reads = schema.include(method="GET")
# Writes: generated bodies are mostly refused (400/401/403/404/409), which is the point: a
# refusal must be documented and in the one error shape, never a 500.
writes = schema.exclude(method="GET")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": list(HealthCheck),
    "database": None,
}


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Django's test client stops request signals from closing the database connection (the
    test's transaction lives on it); schemathesis calls the WSGI app directly, so do the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db, owner):
    """A small catalogue so generated requests also meet real rows (ids and slugs are guessed
    by the generator; most hit 404, which the checks accept where it is documented)."""
    vendor = VendorFactory(slug="htx-fuzz")
    MembershipFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor, slug="mi-gao-fuzz")
    CertificateFactory(product=product)
    return vendor


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


@reads.parametrize()
@settings(max_examples=4, **FUZZ)
def test_get_operations(case, catalogue, owner):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(checks=CHECKS, headers=bearer(owner))


@writes.parametrize()
@settings(max_examples=2, **FUZZ)
def test_write_operations(case, catalogue, owner):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(checks=CHECKS, headers=bearer(owner))


def test_malformed_bearer_header_reads_as_a_sentence(api_client, db):
    """Found by the fuzzer: simplejwt's refusal detail is a dict and was shown as its repr."""
    response = api_client.get("/api/v1/me/", headers={"authorization": "Bearer a b"})
    assert response.status_code == 401
    assert "ErrorDetail" not in response.json()["detail"]
    assert response.json()["detail"]


def test_nul_character_in_a_lookup_is_a_400(vendor_client, vendor):
    """Found by the fuzzer on PostgreSQL: a NUL in a related slug was a 500 (text columns
    cannot hold NUL, psycopg refuses the query)."""
    response = vendor_client.post(
        "/api/v1/products/",
        {"vendor": "htx\x00", "name": "Gạo", "category": "gao-ngu-coc", "unit": "kg", "price": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["type"] == "urn:giaothuong:problem:validation_error"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/vendors/?province=-4.9e%2B247",
        "/api/v1/products/?price_min=1e30",
        "/api/v1/fairs/?province=99999999999999999999",
    ],
)
def test_huge_number_filter_is_a_400(api_client, db, url):
    """Found by the fuzzer: a number past the database integer was a 500 (SQLite overflow)."""
    response = api_client.get(url)
    assert response.status_code == 400
    assert response.json()["type"] == "urn:giaothuong:problem:validation_error"
