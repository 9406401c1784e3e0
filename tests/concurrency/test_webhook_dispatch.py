"""Webhooks under real parallel transactions on PostgreSQL: writers committing at once never
lose or duplicate a delivery, and one delivery is POSTed once however many workers take it."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from partners.models import DeliveryStatus, WebhookDelivery
from partners.services.changes import changes_record
from partners.services.webhooks import delivery as delivery_service
from partners.services.webhooks.delivery import webhook_deliver
from partners.services.webhooks.dispatch import webhooks_dispatch_pending
from partners.services.webhooks.subscriptions import webhook_subscription_create
from partners.services.webhooks.transport import PostResult
from tests.concurrency.conftest import run_in_parallel
from tests.factories import ProductFactory, VendorFactory
from tests.factories.partners import PartnerClientFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch):
    """Stands in for the network: records every POST and answers 200."""
    calls: list[str] = []
    lock = threading.Lock()

    def post(*, url, body, headers, timeout):
        with lock:
            calls.append(headers["X-Giaothuong-Delivery"])
        return PostResult(200, "ok", "")

    monkeypatch.setattr(delivery_service, "webhook_post", post)
    return calls


def test_parallel_writers_get_one_delivery_each(postgres, sent):
    vendor = VendorFactory(slug="htx-webhook-pg")
    products = ProductFactory.create_batch(30, vendor=vendor)
    for n in range(2):
        webhook_subscription_create(
            client=PartnerClientFactory(scopes=["catalog:read"]),
            url=f"https://p{n}.example/hook",
            events=["product.*"],
            actor=None,
        )

    def write(product_id: int) -> None:
        with transaction.atomic():  # commits, then the change's after-commit dispatch runs
            changes_record(kind="product", object_ids=[product_id], event="product.updated")

    outcomes = run_in_parallel([lambda p=p: write(p.pk) for p in products])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    # Runs that found the state locked left their changes to the next run (beat, in production).
    webhooks_dispatch_pending(max_batches=50)

    pairs = Counter(WebhookDelivery.objects.values_list("subscription_id", "object_id"))
    assert len(pairs) == 60 and set(pairs.values()) == {1}
    assert WebhookDelivery.objects.exclude(status=DeliveryStatus.SUCCEEDED).count() == 0
    assert sorted(sent) == sorted(
        str(pk) for pk in WebhookDelivery.objects.values_list("pk", flat=True)
    )


def test_one_delivery_taken_by_many_workers_is_sent_once(postgres, sent):
    sub, _ = webhook_subscription_create(
        client=PartnerClientFactory(scopes=["catalog:read"]),
        url="https://p.example/hook",
        events=["*"],
        actor=None,
    )
    delivery = WebhookDelivery.objects.create(
        subscription=sub,
        event="product.updated",
        change_id=1,
        kind="product",
        object_id=1,
        payload={"event": "product.updated"},
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
    )
    outcomes = run_in_parallel(
        [lambda: webhook_deliver(delivery_id=delivery.pk) for _ in range(10)]
    )
    assert all(o.ok for o in outcomes)
    assert sent == [str(delivery.pk)]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
