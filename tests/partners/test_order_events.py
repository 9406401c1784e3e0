"""Order events reach a storefront's granted partner clients with `orders:read`, by webhook to a
real receiver on 127.0.0.1, never through the public feed; such a client reads the storefront's
orders without the buyer's personal data (issue 13 item 10, D141)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from orders.models import Order
from partners.models import Change, WebhookDelivery
from partners.services.webhooks.dispatch import webhooks_dispatch_pending
from tests.factories import VendorFactory
from tests.factories.partners import (
    PartnerClientFactory,
    StorefrontGrantFactory,
    partner_api,
    partner_key,
)
from tests.orders import conftest as buying
from tests.orders.conftest import checkout_body
from tests.partners import test_webhooks as hooks
from tests.partners.test_webhooks import subscribe

pytestmark = pytest.mark.django_db

# Fixtures shared with the buying and webhook tests.
terms = buying.terms
receiver = hooks.receiver
_local_http = hooks._local_http

ORDER_EVENTS = ["order.*", "payment.paid"]


@pytest.fixture
def erp(vendor):
    """The storefront's own ERP: orders:read and a grant."""
    client = PartnerClientFactory(scopes=["orders:read", "catalog:read", "webhooks:manage"])
    StorefrontGrantFactory(vendor=vendor, client=client)
    return client


def _checkout(buyer_client, product, method="bank_transfer"):
    r = buyer_client.post(
        "/api/v1/checkout/",
        checkout_body(payment_method=method, lines=[{"product": product.slug, "quantity": 2}]),
        format="json",
    )
    assert r.status_code == 201, r.content
    return Order.objects.get(number=r.json()["orders"][0]["number"])


def test_order_events_reach_granted_clients_with_the_scope(
    erp,
    vendor,
    receiver,
    buyer_client,
    vendor_client,
    product,
    terms,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://giaothuong.example"
    sub, secret = subscribe(erp, receiver.url, ORDER_EVENTS)
    receiver.secret = secret
    no_scope = PartnerClientFactory(scopes=["catalog:read"])
    StorefrontGrantFactory(vendor=vendor, client=no_scope)
    no_grant = PartnerClientFactory(scopes=["orders:read"])
    other_vendor = VendorFactory()
    StorefrontGrantFactory(vendor=other_vendor, client=no_grant)
    subscribe(no_scope, "https://no-scope.example/h", ["*"])
    subscribe(no_grant, "https://no-grant.example/h", ["*"])

    with django_capture_on_commit_callbacks(execute=True):
        order = _checkout(buyer_client, product)
    with django_capture_on_commit_callbacks(execute=True):
        r = vendor_client.post(f"/api/v1/orders/{order.number}/mark-paid/", {"reference": "FT1"})
        assert r.status_code == 200, r.content
        # The test's one outer transaction never commits, so the dispatch the first request
        # scheduled "after commit" is still pending in it: run it as each commit would.
        webhooks_dispatch_pending()
    with django_capture_on_commit_callbacks(execute=True):
        assert vendor_client.post(f"/api/v1/orders/{order.number}/confirm/").status_code == 200
        webhooks_dispatch_pending()

    assert receiver.refused == 0
    assert [x["event"] for x in receiver.received] == [
        "order.created",
        "payment.paid",
        "order.status_changed",
    ]
    body = receiver.received[0]["body"]
    assert body["kind"] == "order"
    assert body["object_id"] == order.pk
    assert body["url"] == (
        f"https://giaothuong.example/api/v1/vendors/{vendor.slug}/orders/?number={order.number}"
    )
    # Small payload, no personal data.
    assert set(body) == {"event", "id", "kind", "object_id", "url", "at"}
    # Neither the client without the scope nor the one without the grant heard anything.
    assert set(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == {sub.pk}


def test_order_events_stay_out_of_the_public_feed(erp, buyer_client, product, terms):
    _checkout(buyer_client, product)
    assert Change.objects.filter(kind="order", event="order.created").exists()
    api = partner_api(partner_key(erp))
    body = api.get("/api/v1/feed/changes/").json()
    assert [e for e in body["results"] if e["kind"] == "order"] == []
    refused = api.get("/api/v1/feed/changes/", {"kinds": "order"})
    assert refused.status_code == 400
    assert "kinds" in refused.json()["errors"]


def test_a_granted_client_lists_the_orders_without_personal_data(
    erp, vendor, other_vendor, buyer_client, product, terms
):
    order = _checkout(buyer_client, product)
    url = f"/api/v1/vendors/{vendor.slug}/orders/"
    r = partner_api(partner_key(erp)).get(url, {"number": order.number})
    assert r.status_code == 200, r.content
    [row] = r.json()["results"]
    assert row["number"] == order.number
    assert row["total"] == order.total
    assert row["delivery"] is None
    assert row["buyer_name"] == ""
    assert "vietqr" not in str(row["payment"])

    # Without the scope: 403; with it but no grant (or another storefront's): 403.
    catalog_only = PartnerClientFactory(scopes=["catalog:read"])
    StorefrontGrantFactory(vendor=vendor, client=catalog_only)
    r = partner_api(partner_key(catalog_only)).get(url)
    assert r.status_code == 403
    assert "orders:read" in r.json()["detail"]
    ungranted = PartnerClientFactory(scopes=["orders:read"])
    assert partner_api(partner_key(ungranted)).get(url).status_code == 403
    other = f"/api/v1/vendors/{other_vendor.slug}/orders/"
    assert partner_api(partner_key(erp)).get(other).status_code == 403
    # A revoked grant ends it.
    erp.grants.update(revoked_at=timezone.now())
    assert partner_api(partner_key(erp)).get(url).status_code == 403
