"""Read routing without a replica, and the rules that decide when one may answer (core/db.py).

On the default single database nothing changes: every read is the primary's and no pin cookie
is set. With replicas named, the middleware pins a writer's browser to the primary after a
write. The real replica is exercised in test_db_replica.py.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from core import db
from core.db import PIN_COOKIE, PrimaryReplicaRouter, reader, replica_reads, replica_reads_allowed
from tests.factories import ProductFactory


def test_no_replica_every_read_is_the_primarys(settings):
    settings.DATABASE_REPLICAS = []
    with replica_reads():
        assert reader() == "default"
    assert reader() == "default"


@pytest.mark.django_db
def test_no_replica_no_pin_cookie(vendor_client, product, settings):
    settings.DATABASE_REPLICAS = []
    response = vendor_client.patch(f"/api/v1/products/{product.slug}/", {"price": 50000})
    assert response.status_code == 200
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db
def test_a_write_pins_the_writer_to_the_primary(vendor_client, product, settings, monkeypatch):
    settings.DATABASE_REPLICAS = ["replica_1"]
    settings.DATABASE_REPLICA_PIN_SECONDS = 15
    response = vendor_client.patch(f"/api/v1/products/{product.slug}/", {"price": 50000})
    assert response.status_code == 200
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]
    # A refused write pins nothing.
    refused = vendor_client.patch(f"/api/v1/products/{product.slug}/", {"price": -1})
    assert refused.status_code == 400
    assert PIN_COOKIE not in refused.cookies


@pytest.mark.django_db
def test_anonymous_list_asks_a_replica_and_falls_back_when_none_is_usable(
    api_client, settings, monkeypatch
):
    ProductFactory(slug="che-shan-tuyet")
    settings.DATABASE_REPLICAS = ["replica_1"]
    asked: list[str] = []

    def usable(alias: str) -> bool:
        asked.append(alias)
        return False  # down or lagging

    monkeypatch.setattr(db.health, "usable", usable)
    # The test's own transaction is open on the primary: reads stay there whatever the
    # replicas say. Outside one (a real request), the replica is asked first.
    monkeypatch.setattr(db, "primary_in_transaction", lambda: False)
    with CaptureQueriesContext(connection) as primary:
        response = api_client.get("/api/v1/products/")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["results"]] == ["che-shan-tuyet"]
    assert asked == ["replica_1"]
    assert any("catalog_product" in q["sql"] for q in primary.captured_queries)


@pytest.mark.parametrize(
    ("method", "headers", "cookies", "allowed"),
    [
        ("get", {}, {}, True),
        ("head", {}, {}, True),
        ("post", {}, {}, False),
        ("get", {"HTTP_AUTHORIZATION": "Bearer x"}, {}, False),
        ("get", {"HTTP_X_API_KEY": "gt_live_x"}, {}, False),
        ("get", {}, {PIN_COOKIE: "1"}, False),
        ("get", {}, {"sessionid": "abc"}, False),
    ],
)
def test_which_requests_may_read_a_replica(method, headers, cookies, allowed):
    request = getattr(RequestFactory(), method)("/api/v1/products/", **headers)
    request.COOKIES.update(cookies)
    assert replica_reads_allowed(request) is allowed


def test_router_writes_to_the_primary_and_never_migrates_a_replica(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    router = PrimaryReplicaRouter()
    product = Product()
    product._state.db = "replica_1"
    assert router.db_for_write(type(product), instance=product) == "default"
    assert router.db_for_read(type(product), instance=product) is None
    assert router.allow_migrate("replica_1", "catalog") is False
    assert router.allow_migrate("default", "catalog") is None
    other = Product()
    other._state.db = "default"
    assert router.allow_relation(product, other) is True
