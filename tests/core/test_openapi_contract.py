"""The OpenAPI document tells the truth (D113-D116): what each operation can answer, who may call
it, how the viewer groups it, and that real rows come back in the documented shapes.

The fuzzer (tests/test_openapi_fuzz.py) guesses ids and slugs, so it mostly meets 404s; the walk
below calls every read with the ids and slugs of real rows, anonymously and as their owner, and
validates each answer with schemathesis' conformance checks.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalog.models import RuralIndustryAward
from core.api.errors import problem
from core.api.schema import operation_tag
from marketplace.services.vendors import vendor_invite_member
from tests.factories import (
    CertificateFactory,
    InquiryFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
)
from tests.factories.fairs import FairFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec(django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in WRITES | {"get"}
    ]


def test_every_error_an_operation_can_answer_is_documented_in_the_one_shape(spec):
    problem_schema = spec["components"]["schemas"]["Problem"]
    required = set(problem(400, detail="x"))
    assert set(problem_schema["required"]) == required
    for path, method, op in operations(spec):
        codes = set(op["responses"])
        where = f"{method.upper()} {path}"
        assert "401" in codes, where  # a broken credential is refused everywhere
        if "{" in path or method in WRITES:
            assert "404" in codes, where
        if method in WRITES:
            assert {"400", "409"} <= codes, where
        if method in {"post", "put", "patch"}:
            assert {"413", "415"} <= codes, where
        for code, response in op["responses"].items():
            if int(code) >= 400 and "content" in response:
                schema = response["content"]["application/json"]["schema"]
                # the Problem component (generic, or a view's problem_response()), or a view's
                # own inline copy of the same shape
                shape = set(schema.get("required", ())) or schema
                assert shape in ({"$ref": "#/components/schemas/Problem"}, required), (where, code)
    responses = spec["paths"]["/api/v1/vendors/{slug}/members/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "429"} <= set(responses)
    assert "422" in spec["paths"]["/api/v1/products/"]["post"]["responses"]  # Idempotency-Key
    search = spec["paths"]["/api/v1/search/products/"]["get"]["responses"]
    assert "503" in search  # named by the view (schema_error_statuses)


def test_public_reads_are_documented_as_public(spec):
    """`/products/` and `/categories/` answer anonymous visitors; the document said sign in."""
    for path in ("/api/v1/products/", "/api/v1/categories/", "/api/v1/products/{slug}/"):
        assert {} in spec["paths"][path]["get"]["security"], path
    for path, method in (("/api/v1/products/", "post"), ("/api/v1/me/", "get")):
        assert {} not in spec["paths"][path][method]["security"], path


def test_operations_are_grouped_by_domain_with_vietnamese_names(spec):
    assert spec["info"]["title"].startswith("Sàn giao thương")
    assert "Ngôn ngữ" in spec["info"]["description"]
    declared = {tag["name"]: tag for tag in spec["tags"]}
    assert all(tag["description"] for tag in declared.values())
    for path, method, op in operations(spec):
        assert len(op["tags"]) == 1 and op["tags"][0] in declared, (method, path, op["tags"])
        assert op["tags"][0] != settings.API_TAG_OTHER, (method, path)

    def tag(path: str, method: str = "get") -> str:
        return str(spec["paths"][path][method]["tags"][0])

    assert tag("/api/v1/products/") == tag("/api/v1/certificates/") == "Sản phẩm / Products"
    assert tag("/api/v1/vendors/{slug}/members/") == "Gian hàng / Storefronts"
    assert tag("/api/v1/fairs/") == tag("/api/v1/tickets/") == "Hội chợ / Fairs"
    assert tag("/api/v1/search/products/") == "Tìm kiếm / Search"
    assert (
        tag("/api/v1/partners/webhooks/") == tag("/api/v1/feed/changes/") == ("Đối tác / Partners")
    )
    assert tag("/api/v1/moderation/queue/") == "Kiểm duyệt / Moderation"
    assert tag("/api/v1/auth/token/", "post") == "Tài khoản / Accounts"
    assert tag("/api/v1/inquiries/") == "Hỏi mua / Inquiries"
    assert tag("/api/v1/orders/") == tag("/api/v1/cart/") == "Mua hàng / Buying"


def test_a_new_endpoint_is_tagged_by_its_prefix_or_else_its_app():
    """Endpoints added later need no per-view work: a known prefix decides, else the app."""

    class FairsView:  # a view class as if defined in fairs/api/
        __module__ = "fairs.api.views_waitlist"

    class OrdersView:
        __module__ = "orders.api.views"

    assert operation_tag("/api/v1/moderation/queue/{kind}/", FairsView()) == (
        "Kiểm duyệt / Moderation"
    )
    assert operation_tag("/api/v1/waiting-list/", FairsView()) == "Hội chợ / Fairs"
    assert operation_tag("/api/v1/quotes/", OrdersView()) == "Mua hàng / Buying"


# --- real rows, real answers -----------------------------------------------------------------


@pytest.fixture
def _keep_test_connection():
    """schemathesis calls the WSGI app directly: keep the test's connection open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _rows(owner) -> dict[Any, Any]:
    vendor = VendorFactory(slug="htx-that")
    MembershipFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor, slug="mi-gao-that")
    cert = CertificateFactory(product=product)
    award = RuralIndustryAward.objects.create(
        product=product,
        vendor=vendor,
        level="national",
        year=2020,
        product_group="processed_food",
        issuer="Bộ Công Thương",
    )
    vendor_invite_member(vendor=vendor, actor=owner, email="staff@example.vn")
    inquiry = InquiryFactory(product=product)
    fair = FairFactory(slug="hoi-cho-that", organizers=[owner])
    return {
        ("products", "slug"): product.slug,
        ("vendors", "slug"): vendor.slug,
        ("fairs", "slug"): fair.slug,
        ("fairs", "fair_slug"): fair.slug,
        ("certificates", "id"): cert.pk,
        ("awards", "id"): award.pk,
        ("inquiries", "id"): inquiry.pk,
        ("regions", "code"): 25,
        ("units", "code"): "kg",
    }


def test_every_read_of_real_rows_matches_the_document(db, owner, _keep_test_connection):
    """Found by schemathesis on real data: four lists (a product's awards and certificates, a
    storefront's members and invitations) answered a bare array where the document says a page."""
    rows = _rows(owner)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    token = {"Authorization": f"Bearer {RefreshToken.for_user(owner).access_token}"}
    failures = []
    for result in schema.include(method="GET").get_all_operations():
        operation = result.ok()
        first = operation.path.removeprefix(settings.API_PATH_PREFIX).split("/", 1)[0]
        names = [p.name for p in operation.path_parameters]
        values = {name: rows.get((first, name), 1) for name in names}
        for headers in ({}, token):
            case = operation.Case(path_parameters=values)
            try:
                case.call_and_validate(checks=CHECKS, headers=headers)
            except BaseExceptionGroup as exc:  # schemathesis' FailureGroup: collect, then report
                who = "owner" if headers else "anonymous"
                failures.append(f"{operation.label} ({who}): {exc}")
    assert not failures, "\n\n".join(failures)


def test_every_read_documents_its_caching_headers_and_the_304(spec, api_client, vendor):
    reads = [(path, op) for path, method, op in operations(spec) if method == "get"]
    assert len(reads) > 50
    for path, op in reads:
        assert "304" in op["responses"], path
        assert "content" not in op["responses"]["304"], path
        ok = [code for code in op["responses"] if code.startswith("2")]
        assert ok, path
        for code in ok:
            assert {"ETag", "Cache-Control"} <= set(op["responses"][code]["headers"]), path
    # and what is documented is what a read answers
    first = api_client.get("/api/v1/vendors/")
    assert first.has_header("ETag") and first.has_header("Cache-Control")
    again = api_client.get("/api/v1/vendors/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
