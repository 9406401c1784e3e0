"""Webhooks: signatures, dispatch, delivery to a real local receiver, retries, disabling,
redelivery and who may see what."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import standardwebhooks
import time_machine
from django.core import mail
from django.utils import timezone, translation
from standardwebhooks.webhooks import EmptyWebhookSecretError

from partners.models import Change, DeliveryStatus, WebhookDelivery, WebhookSubscription
from partners.services.changes import changes_record
from partners.services.webhooks import dispatch as dispatch_service
from partners.services.webhooks.delivery import backoff_seconds, webhooks_retry_due
from partners.services.webhooks.dispatch import webhooks_dispatch_pending
from partners.services.webhooks.signing import (
    SignatureError,
    standard_headers,
    webhook_signature,
    webhook_verify,
)
from partners.services.webhooks.subscriptions import webhook_subscription_create
from tests.factories import ProductFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db


# --- signatures --------------------------------------------------------------------------------


def test_signature_round_trip_and_refusals():
    body = b'{"event":"product.published","id":7}'
    header = webhook_signature(secret="s3cret", body=body, timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert webhook_verify(secret="s3cret", body=body, header=header, now=1_700_000_100) == (
        1_700_000_000
    )
    with pytest.raises(SignatureError, match="does not match"):
        webhook_verify(secret="s3cret", body=body + b" ", header=header, now=1_700_000_100)
    with pytest.raises(SignatureError, match="does not match"):
        webhook_verify(secret="other", body=body, header=header, now=1_700_000_100)
    # A captured delivery replayed six minutes later is refused.
    with pytest.raises(SignatureError, match="tolerance"):
        webhook_verify(secret="s3cret", body=body, header=header, now=1_700_000_301)
    with pytest.raises(SignatureError, match="malformed"):
        webhook_verify(secret="s3cret", body=body, header="v1=abc", now=1_700_000_000)
    with pytest.raises(SignatureError, match="missing"):
        webhook_verify(secret="s3cret", body=body, header=None)
    # A forged timestamp breaks the signature even inside the window.
    forged = header.replace("t=1700000000", "t=1700000200")
    with pytest.raises(SignatureError, match="does not match"):
        webhook_verify(secret="s3cret", body=body, header=forged, now=1_700_000_200)


# --- a real receiver on 127.0.0.1 ---------------------------------------------------------------


class Receiver:
    """Answers with the queued status codes (then 200) and records verified bodies."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.secret = ""
        self.received: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.refused = 0
        self.url = ""

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers["Content-Length"]))
        # Header names as lower case (urllib sends "Webhook-id"; names are case-insensitive).
        headers = {k.lower(): v for k, v in handler.headers.items()}
        try:
            # The Standard Webhooks reference library, as a partner would verify (D180).
            standardwebhooks.Webhook(self.secret).verify(body, headers)
            if "X-Giaothuong-Signature" in handler.headers:  # the deprecated scheme, if sent
                webhook_verify(
                    secret=self.secret, body=body, header=handler.headers["X-Giaothuong-Signature"]
                )
        except (
            standardwebhooks.WebhookVerificationError,
            EmptyWebhookSecretError,
            SignatureError,
        ):
            self.refused += 1
            handler.send_response(400)
            handler.end_headers()
            return
        self.headers.append(headers)
        self.received.append(
            {
                "event": handler.headers["X-Giaothuong-Event"],
                "delivery": handler.headers["webhook-id"],
                "body": json.loads(body),
            }
        )
        code = self.statuses.pop(0) if self.statuses else 200
        handler.send_response(code)
        handler.end_headers()
        handler.wfile.write(b"thanks" if code == 200 else b"nope")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            state.handle(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _local_http(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.WEBHOOK_RETRY_HOURS = 24
    settings.WEBHOOK_DISABLE_AFTER = 5


def subscribe(client, url, events=("product.*",)):
    sub, secret = webhook_subscription_create(
        client=client, url=url, events=list(events), actor=None
    )
    return sub, secret


@pytest.fixture
def partner(db):
    return PartnerClientFactory(
        scopes=["catalog:read", "webhooks:manage"], contact_email="dev@partner.example"
    )


@pytest.fixture
def hooked(partner, receiver):
    sub, secret = subscribe(partner, receiver.url)
    receiver.secret = secret
    return sub


def record_and_dispatch(capture, product, event="product.published"):
    with capture(execute=True):
        changes_record(kind="product", object_ids=[product.pk], event=event)
        webhooks_dispatch_pending()


# --- dispatch ----------------------------------------------------------------------------------


def test_dispatch_one_delivery_per_matching_subscription_and_scope(product, settings):
    settings.SITE_URL = "https://giaothuong.example"
    reader = PartnerClientFactory(scopes=["catalog:read"])
    fairs_only = PartnerClientFactory(scopes=["fairs:read"])
    wanted, _ = subscribe(reader, "https://reader.example/hook", ["product.*"])
    other_event, _ = subscribe(reader, "https://reader.example/fairs", ["fair.published"])
    no_scope, _ = subscribe(fairs_only, "https://fairs.example/hook", ["*"])
    off, _ = subscribe(reader, "https://reader.example/off", ["*"])
    WebhookSubscription.objects.filter(pk=off.pk).update(is_active=False)

    changes_record(kind="product", object_ids=[product.pk], event="product.published")
    assert webhooks_dispatch_pending() == 1
    assert webhooks_dispatch_pending() == 0  # re-run: nothing new

    delivery = WebhookDelivery.objects.get()
    change = Change.objects.get(kind="product", object_id=product.pk)
    assert delivery.subscription == wanted
    assert delivery.status == DeliveryStatus.PENDING
    # Small payload, no personal data: what changed and where to fetch it.
    assert delivery.payload == {
        "event": "product.published",
        "id": change.id,
        "kind": "product",
        "object_id": product.pk,
        "url": f"https://giaothuong.example/api/v1/products/{product.slug}/",
        "at": change.at.isoformat(),
    }
    assert not WebhookDelivery.objects.filter(subscription__in=[other_event, no_scope, off])


def test_dispatch_picks_up_a_change_that_committed_late(product, partner):
    """An id below the high-water mark that shows up later (its transaction was still open)
    is still delivered: the dispatcher remembers the gap."""
    subscribe(partner, "https://p.example/hook")
    changes_record(kind="product", object_ids=[product.pk], event="product.updated")
    late = Change.objects.get()
    later = ProductFactory(vendor=product.vendor)
    changes_record(kind="product", object_ids=[later.pk], event="product.updated")
    # Pretend the first change was not visible when the dispatcher ran.
    saved = {f.name: getattr(late, f.name) for f in Change._meta.concrete_fields}
    late.delete()
    assert webhooks_dispatch_pending() == 1
    Change.objects.create(**saved)
    assert webhooks_dispatch_pending() == 1
    assert sorted(WebhookDelivery.objects.values_list("object_id", flat=True)) == sorted(
        [product.pk, later.pk]
    )


def test_application_events_only_for_granted_partners(vendor):
    from tests.factories.fairs import ExhibitorApplicationFactory
    from tests.factories.partners import StorefrontGrantFactory

    writer = PartnerClientFactory(scopes=["listings:write"])
    stranger = PartnerClientFactory(scopes=["listings:write"])
    StorefrontGrantFactory(vendor=vendor, client=writer)
    granted, _ = subscribe(writer, "https://w.example/h", ["application.*"])
    subscribe(stranger, "https://s.example/h", ["application.*"])
    application = ExhibitorApplicationFactory(vendor=vendor)
    changes_record(kind="application", object_ids=[application.pk], event="application.changed")
    assert webhooks_dispatch_pending() == 1
    assert WebhookDelivery.objects.get().subscription == granted


# --- delivery ----------------------------------------------------------------------------------


def test_delivery_reaches_the_receiver_signed(
    hooked, receiver, product, django_capture_on_commit_callbacks
):
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    delivery = WebhookDelivery.objects.get()
    assert receiver.refused == 0
    assert receiver.received == [
        {"event": "product.published", "delivery": str(delivery.pk), "body": delivery.payload}
    ]
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.response_excerpt == "thanks"
    assert delivery.delivered_at is not None


# --- Standard Webhooks (D180) -----------------------------------------------------------------


def test_standard_signature_is_the_reference_librarys():
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the spec's own example secret
    body = b'{"event":"product.published","id":7}'
    ours = standard_headers(secret=secret, msg_id="4711", body=body, timestamp=1_700_000_000)
    theirs = standardwebhooks.Webhook(secret).sign(
        "4711", dt.datetime.fromtimestamp(1_700_000_000, tz=dt.UTC), body
    )
    assert ours == {
        "webhook-id": "4711",
        "webhook-timestamp": "1700000000",
        "webhook-signature": theirs,
    }
    assert theirs.startswith("v1,")
    with pytest.raises(SignatureError):
        standard_headers(secret="whsec_not base64!", msg_id="1", body=body)


def test_new_secrets_are_whsec_base64_of_32_bytes(partner, receiver):
    _, secret = subscribe(partner, receiver.url)
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32


def test_delivery_carries_standard_and_legacy_headers_with_one_timestamp(
    hooked, receiver, product, django_capture_on_commit_callbacks
):
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    delivery = WebhookDelivery.objects.get()
    (headers,) = receiver.headers
    assert receiver.refused == 0
    assert headers["webhook-id"] == headers["x-giaothuong-delivery"] == str(delivery.pk)
    assert headers["x-giaothuong-signature"].startswith(f"t={headers['webhook-timestamp']},v1=")


def test_legacy_headers_stop_when_the_setting_is_off(
    hooked, receiver, product, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_LEGACY_SIGNATURE = False
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    (headers,) = receiver.headers
    assert receiver.refused == 0
    assert "x-giaothuong-signature" not in headers
    assert "x-giaothuong-delivery" not in headers
    assert headers["x-giaothuong-event"] == "product.published"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_secret_made_before_standard_webhooks_keeps_working(
    partner, receiver, product, django_capture_on_commit_callbacks
):
    """Secrets were whsec_ + 64 hex digits: valid base64, so the partner's reference library
    verifies with the secret it already holds, and the legacy header still checks (D180)."""
    sub, _ = subscribe(partner, receiver.url)
    old_secret = "whsec_" + "0123456789abcdef" * 4
    WebhookSubscription.objects.filter(pk=sub.pk).update(secret=old_secret)
    receiver.secret = old_secret
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    assert receiver.refused == 0
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_wrong_secret_is_refused_by_the_reference_library(
    hooked, receiver, product, django_capture_on_commit_callbacks
):
    receiver.secret = "whsec_" + base64.b64encode(b"x" * 32).decode()
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    assert receiver.refused == 1
    assert receiver.received == []
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_failure_is_retried_with_backoff(
    hooked, receiver, product, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        record_and_dispatch(django_capture_on_commit_callbacks, product)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.last_status_code == 500
        assert delivery.response_excerpt == "nope"
        # 30 s less up to 20 % jitter.
        wait = (delivery.next_attempt_at - start).total_seconds()
        assert 24 <= wait <= 30
        assert webhooks_retry_due() == 0  # not due yet
    with (
        time_machine.travel(start + dt.timedelta(seconds=31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert webhooks_retry_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 2
    assert len(receiver.received) == 2
    assert receiver.received[0]["delivery"] == receiver.received[1]["delivery"]  # dedup key
    hooked.refresh_from_db()
    assert hooked.consecutive_failures == 0 and hooked.failing_since is None


def test_backoff_doubles_and_is_capped():
    assert 24 <= backoff_seconds(1) <= 30
    assert 48 <= backoff_seconds(2) <= 60
    assert 96 <= backoff_seconds(3) <= 120
    assert 2880 <= backoff_seconds(30) <= 3600


def test_gone_disables_the_subscription_and_tells_the_partner(
    hooked, receiver, product, django_capture_on_commit_callbacks
):
    receiver.statuses = [410]
    record_and_dispatch(django_capture_on_commit_callbacks, product)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.GIVEN_UP
    hooked.refresh_from_db()
    assert not hooked.is_active
    assert "410" in hooked.disabled_reason
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dev@partner.example"]
    assert receiver.url in mail.outbox[0].subject
    assert f"/api/v1/partners/webhooks/{hooked.pk}/enable/" in mail.outbox[0].body
    # Disabled: new changes are not delivered.
    record_and_dispatch(django_capture_on_commit_callbacks, product, "product.updated")
    assert WebhookDelivery.objects.count() == 1


@translation.override("en")  # the reason is stored in the active language
def test_given_up_after_the_retry_window(
    hooked, receiver, product, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_HOURS = 1
    receiver.statuses = [500] * 10
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        record_and_dispatch(django_capture_on_commit_callbacks, product)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    with (
        time_machine.travel(start + dt.timedelta(minutes=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert webhooks_retry_due() == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.GIVEN_UP
    assert delivery.next_attempt_at is None
    hooked.refresh_from_db()
    assert hooked.consecutive_failures == 1
    # Failing for the whole window with no success also switches the subscription off.
    assert not hooked.is_active
    assert "1 hours" in hooked.disabled_reason
    assert len(mail.outbox) == 1


@translation.override("en")  # the reason is stored in the active language
def test_consecutive_given_up_deliveries_disable(
    hooked, receiver, product, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 2
    # One delivery was already given up, and the endpoint has been failing for a short while.
    WebhookSubscription.objects.filter(pk=hooked.pk).update(
        consecutive_failures=1, failing_since=timezone.now()
    )
    receiver.statuses = [503]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        record_and_dispatch(django_capture_on_commit_callbacks, product, "product.updated")
    # The retry window of this delivery closes (as if redelivered by hand long ago).
    WebhookDelivery.objects.update(window_started_at=start - dt.timedelta(hours=24))
    receiver.statuses = [503]
    with (
        time_machine.travel(start + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert webhooks_retry_due() == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.GIVEN_UP
    hooked.refresh_from_db()
    assert not hooked.is_active
    assert hooked.consecutive_failures == 2
    assert "2 deliveries in a row" in hooked.disabled_reason
    assert mail.outbox[-1].to == ["dev@partner.example"]


def test_unreachable_endpoint_is_a_failure_not_a_crash(
    partner, product, django_capture_on_commit_callbacks
):
    subscribe(partner, "http://127.0.0.1:9/closed")  # discard port: refused
    record_and_dispatch(django_capture_on_commit_callbacks, product)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None
    assert "connection failed" in delivery.last_error


# --- the API -----------------------------------------------------------------------------------

LIST = "/api/v1/partners/webhooks/"


def test_partner_creates_a_subscription_and_sees_the_secret_once(partner, receiver):
    api = partner_api(partner_key(partner))
    r = api.post(LIST, {"url": receiver.url, "events": ["product.*", "vendor.approved"]})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["secret"].startswith("whsec_")
    assert body["client"] == partner.pk
    assert body["events"] == ["product.*", "vendor.approved"]
    assert body["is_active"] is True

    shown = api.get(f"{LIST}{body['id']}/").json()
    assert "secret" not in shown
    rotated = api.post(f"{LIST}{body['id']}/rotate-secret/").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != body["secret"]
    assert WebhookSubscription.objects.get().secret == rotated["secret"]

    r = api.patch(f"{LIST}{body['id']}/", {"events": ["fair.*"]})
    assert r.status_code == 200 and r.json()["events"] == ["fair.*"]
    assert api.delete(f"{LIST}{body['id']}/").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_bad_subscriptions_are_refused_in_the_error_shape(partner, settings):
    api = partner_api(partner_key(partner))
    r = api.post(LIST, {"url": "http://partner.example/hook", "events": ["product.*"]})
    assert r.status_code == 400
    assert r.json()["type"] == "urn:giaothuong:problem:validation_error"
    assert "url" in r.json()["errors"]
    r = api.post(LIST, {"url": "https://10.0.0.5/hook", "events": ["product.*"]})
    assert r.status_code == 400 and "url" in r.json()["errors"]
    r = api.post(LIST, {"url": "https://partner.example/hook", "events": ["product.eaten"]})
    assert r.status_code == 400 and "product.eaten" in r.json()["errors"]["events"][0]
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    r = api.post(LIST, {"url": "http://127.0.0.1:8000/hook", "events": ["product.*"]})
    assert r.status_code == 400 and "url" in r.json()["errors"]
    assert not WebhookSubscription.objects.exists()


def test_permissions(partner, moderator_client, buyer_client, api_client):
    sub, _ = subscribe(partner, "https://p.example/hook")
    delivery = WebhookDelivery.objects.create(
        subscription=sub,
        event="product.updated",
        change_id=1,
        kind="product",
        object_id=1,
        payload={},
        status=DeliveryStatus.GIVEN_UP,
        created_at=timezone.now(),
    )
    other = PartnerClientFactory(scopes=["catalog:read", "webhooks:manage"])
    other_api = partner_api(partner_key(other))
    assert other_api.get(f"{LIST}{sub.pk}/").status_code == 404
    assert other_api.get(f"{LIST}{sub.pk}/deliveries/").status_code == 404
    assert other_api.post(f"{LIST}{sub.pk}/rotate-secret/").status_code == 404
    assert other_api.delete(f"{LIST}{sub.pk}/").status_code == 404
    assert other_api.post(f"{LIST}deliveries/{delivery.pk}/redeliver/").status_code == 404
    assert other_api.get(LIST).json()["count"] == 0

    no_scope = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    assert no_scope.get(LIST).status_code == 403
    assert buyer_client.get(LIST).status_code == 403
    assert api_client.get(LIST).status_code == 401

    listed = moderator_client.get(LIST, {"client": partner.pk}).json()
    assert [s["id"] for s in listed["results"]] == [sub.pk]
    r = moderator_client.post(
        LIST, {"url": "https://o.example/h", "events": ["*"], "client": other.pk}
    )
    assert r.status_code == 201 and r.json()["client"] == other.pk
    r = moderator_client.post(LIST, {"url": "https://o.example/h", "events": ["*"]})
    assert r.status_code == 400 and "client" in r.json()["errors"]
    sub.refresh_from_db()
    assert sub.secret  # still there, never exposed


def test_delivery_log_and_redeliver(
    hooked, receiver, partner, product, django_capture_on_commit_callbacks
):
    receiver.statuses = [410]
    record_and_dispatch(django_capture_on_commit_callbacks, product)
    api = partner_api(partner_key(partner))
    log = api.get(f"{LIST}{hooked.pk}/deliveries/", {"status": "given_up"}).json()
    assert log["count"] == 1
    row = log["results"][0]
    assert row["last_status_code"] == 410
    assert row["status"] == "given_up"
    assert api.get(f"{LIST}{hooked.pk}/deliveries/", {"status": "succeeded"}).json()["count"] == 0
    assert api.get(f"{LIST}{hooked.pk}/deliveries/", {"status": "nope"}).status_code == 400

    # The endpoint is fixed: switch the subscription back on and send the delivery again.
    assert api.post(f"{LIST}{hooked.pk}/enable/").json()["is_active"] is True
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"{LIST}deliveries/{row['id']}/redeliver/")
    assert r.status_code == 202
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 2
    assert [x["delivery"] for x in receiver.received] == [str(delivery.pk)] * 2


def test_delivery_log_query_count(
    hooked, partner, django_assert_max_num_queries, django_assert_num_queries
):
    api = partner_api(partner_key(partner))
    api.get(LIST)  # warm: key last-used stamp

    def make(n):
        WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                subscription=hooked,
                event="product.updated",
                change_id=1000 + WebhookDelivery.objects.count() + i,
                kind="product",
                object_id=i,
                payload={"event": "product.updated"},
                created_at=timezone.now(),
            )
            for i in range(n)
        )

    make(3)
    with django_assert_max_num_queries(8) as small:
        assert api.get(f"{LIST}{hooked.pk}/deliveries/").status_code == 200
    make(40)
    with django_assert_num_queries(len(small.captured_queries)):
        assert api.get(f"{LIST}{hooked.pk}/deliveries/").json()["count"] == 43


def test_subscription_list_query_count(partner, django_assert_num_queries):
    api = partner_api(partner_key(partner))
    api.get(LIST)  # warm: key last-used stamp
    subscribe(partner, "https://p.example/1")
    with django_assert_num_queries(3) as small:  # key, count, page
        assert api.get(LIST).json()["count"] == 1
    for n in range(20):
        subscribe(partner, f"https://p.example/{n + 2}")
    with django_assert_num_queries(len(small.captured_queries)):
        assert api.get(LIST).json()["count"] == 21


# --- the admin ---------------------------------------------------------------------------------


def test_admin_redeliver_and_enable(
    hooked, receiver, product, moderator, client, django_capture_on_commit_callbacks
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    receiver.statuses = [410]
    record_and_dispatch(django_capture_on_commit_callbacks, product)
    delivery = WebhookDelivery.objects.get()
    client.force_login(moderator)
    page = client.get(reverse("admin:partners_webhooksubscription_change", args=[hooked.pk]))
    assert page.status_code == 200
    assert hooked.secret not in page.content.decode()

    client.post(
        reverse("admin:partners_webhooksubscription_changelist"),
        {"action": "enable", ACTION_CHECKBOX_NAME: [str(hooked.pk)]},
    )
    hooked.refresh_from_db()
    assert hooked.is_active
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:partners_webhookdelivery_changelist"),
            {"action": "redeliver", ACTION_CHECKBOX_NAME: [str(delivery.pk)]},
        )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert len(receiver.received) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://[::1", "events": ["*"]},
        {"url": "https://p.example:99999/h", "events": ["*"]},
        {"url": "https://user:pw@p.example/h", "events": ["*"]},
        {"url": "ftp://p.example/h", "events": ["*"]},
        {"url": "https://p.example/h", "events": []},
        {"url": "https://p.example/h", "events": "product.*"},
        {"url": "https://p.example/h", "events": ["*"], "client": "x"},
        {"url": "https://p.example/h", "events": ["*"], "client": 999999},
    ],
)
def test_malformed_subscriptions_are_refused_not_crashed(moderator_client, body):
    r = moderator_client.post(LIST, body, format="json")
    assert r.status_code == 400
    assert r.json()["status"] == 400 and r.json()["errors"]
    assert not WebhookSubscription.objects.exists()


def test_a_moderator_approving_a_product_reaches_the_partner(
    hooked, receiver, vendor, moderator_client, settings, django_capture_on_commit_callbacks
):
    """End to end through the real service: approve → change row → dispatch → signed POST."""
    from catalog.models import ProductStatus

    settings.SITE_URL = "https://giaothuong.example"
    pending = ProductFactory(
        vendor=vendor, slug="che-xanh", status=ProductStatus.PENDING_REVIEW, published_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = moderator_client.post(f"/api/v1/products/{pending.slug}/approve/", {})
    assert r.status_code == 200, r.json()
    assert [x["event"] for x in receiver.received] == ["product.published"]
    body = receiver.received[0]["body"]
    assert body["object_id"] == pending.pk
    assert body["url"] == "https://giaothuong.example/api/v1/products/che-xanh/"
    assert set(body) == {"event", "id", "kind", "object_id", "url", "at"}


def test_a_backlog_goes_to_the_dispatch_task(partner, vendor, monkeypatch):
    """The after-commit call does one batch inside the request; the rest goes to the task."""
    monkeypatch.setattr(dispatch_service, "DISPATCH_BATCH", 3)
    subscribe(partner, "https://p.example/hook")
    products = ProductFactory.create_batch(7, vendor=vendor)
    changes_record(kind="product", object_ids=[p.pk for p in products], event="product.updated")
    assert webhooks_dispatch_pending() == 3  # the task (eager here) did the other 4
    assert WebhookDelivery.objects.count() == 7
    assert webhooks_dispatch_pending() == 0


def test_out_of_range_ids_are_not_found_or_refused(moderator_client, partner):
    subscribe(partner, "https://p.example/h")
    huge = "9" * 30
    assert moderator_client.get(f"{LIST}{huge}/").status_code == 404
    assert moderator_client.post(f"{LIST}deliveries/{huge}/redeliver/").status_code == 404
    assert moderator_client.get(LIST, {"client": huge}).json()["count"] == 0
    assert moderator_client.get(LIST, {"client": "²"}).json()["count"] == 0
    assert moderator_client.get(LIST, {"client": partner.pk}).json()["count"] == 1
    r = moderator_client.post(
        LIST, {"url": "https://p.example/h", "events": ["*"], "client": int(huge)}, format="json"
    )
    assert r.status_code == 400 and "client" in r.json()["errors"]
