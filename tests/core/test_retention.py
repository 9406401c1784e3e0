"""Retention (issue 17 item 4, D184): the hourly job prunes the change feed (compacted, with the
partner rule: a cursor before a pruned tombstone gets 410 and starts again), finished webhook
deliveries, Idempotency-Key records, expired sessions and JWTs, and archives old audit rows to a
file before deleting them; every job deletes in short batches."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from core import retention
from core.models import AuditLog
from core.tasks import retention_run_task
from marketplace.models import User
from partners.models import (
    Change,
    ChangeFeedHorizon,
    DeliveryStatus,
    IdempotencyRecord,
    WebhookDelivery,
    WebhookDispatchState,
)
from partners.selectors.feed import change_position, cursor_encode
from partners.services.webhooks.subscriptions import webhook_subscription_create
from tests.factories import ProductFactory, UserFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db

FEED = "/api/v1/feed/changes/"
NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=400)
LATELY = NOW - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.RETENTION_BATCH_SIZE = 2  # several batches even with few rows
    settings.FEED_RETENTION_DAYS = 90
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 365
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 24


def change(kind, object_id, event, at):
    row = Change.objects.create(kind=kind, object_id=object_id, event=event, at=at)
    row.refresh_from_db()  # PostgreSQL: txid comes from a trigger
    return row


def dispatched_up_to_now():
    WebhookDispatchState.objects.update_or_create(
        key="default", defaults={"high_water": Change.objects.order_by("-id").first().id}
    )


def test_every_table_has_a_job_and_one_hourly_beat_entry_runs_them():
    names = {job.name for job in retention.retention_jobs()}
    assert names == {
        "change-feed",
        "webhook-deliveries",
        "idempotency-records",
        "sessions",
        "jwt-tokens",
        "audit-log",
    }
    beat = settings.CELERY_BEAT_SCHEDULE
    assert beat["retention"]["task"] == "core.tasks.retention_run_task"
    # The old hourly Idempotency-Key purge is folded into it.
    assert all(
        e["task"] != "marketplace.tasks.idempotency_records_purge_task" for e in beat.values()
    )


def test_deletes_go_by_key_ranges_in_short_batches():
    keep = UserFactory(email="keep@example.vn")
    users = [UserFactory(email=f"old{n}@example.vn", full_name="Cũ") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        removed = retention.delete_in_batches(User.objects.filter(full_name="Cũ"), batch_size=2)
    assert removed == 5
    assert list(User.objects.filter(pk__in=[u.pk for u in users])) == []
    assert User.objects.filter(pk=keep.pk).exists()
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    user_deletes = [sql for sql in deletes if '"marketplace_user"' in sql]
    assert len(user_deletes) == 3  # 2 + 2 + 1, each its own statement and transaction
    assert all("BETWEEN" in sql or ">=" in sql or "IN" in sql for sql in user_deletes)


# --- the change feed ------------------------------------------------------------------------------


@pytest.fixture
def partner():
    return partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))


def test_the_feed_is_compacted_and_its_start_stays_a_snapshot(partner):
    alive = ProductFactory()
    gone = ProductFactory()
    Change.objects.all().delete()
    old_published = change("product", alive.pk, "product.published", LONG_AGO)
    old_updated = change("product", alive.pk, "product.updated", LONG_AGO)
    change("product", gone.pk, "product.published", LONG_AGO)
    gone_id = gone.pk
    gone.delete()
    tombstone = change("product", gone_id, "product.deleted", LONG_AGO)
    private = change("order", 77, "order.created", LONG_AGO)
    recent = change("product", alive.pk, "product.updated", LATELY)
    dispatched_up_to_now()
    cursor_before = cursor_encode(change_position(old_published))

    removed = retention.retention_run(now=NOW, only={"change-feed"})

    assert removed == {"change-feed": 5}
    assert list(Change.objects.values_list("id", flat=True)) == [recent.id]
    horizon = ChangeFeedHorizon.objects.get()
    assert (horizon.txid, horizon.change_id) == change_position(tombstone)
    # From the start: every public object (its latest change), nothing lost for a newcomer.
    body = partner.get(FEED).json()
    assert [(e["id"], e["tombstone"]) for e in body["results"]] == [(alive.pk, False)]
    # A cursor from before the pruned tombstone: 410, start again.
    stale = partner.get(FEED, {"cursor": cursor_before})
    assert stale.status_code == 410
    problem = stale.json()
    assert problem["type"] == "urn:giaothuong:problem:cursor_expired"
    assert "90" in problem["detail"]
    since = (LONG_AGO - dt.timedelta(days=1)).isoformat()
    assert partner.get(FEED, {"updated_since": since}).status_code == 410
    # At the horizon itself (the pruned tombstone's own position) is still before it.
    at_horizon = partner.get(FEED, {"cursor": cursor_encode(change_position(tombstone))})
    assert at_horizon.status_code == 410
    assert old_updated.id < private.id < recent.id


def test_a_reader_after_the_horizon_is_not_refused(partner):
    product = ProductFactory()
    Change.objects.all().delete()
    change("product", product.pk, "product.published", LONG_AGO)
    read_up_to = change("product", product.pk, "product.updated", LONG_AGO)
    change("product", product.pk, "product.updated", LATELY)
    dispatched_up_to_now()
    retention.retention_run(now=NOW, only={"change-feed"})

    assert not ChangeFeedHorizon.objects.exists()  # nothing but superseded rows went
    body = partner.get(FEED, {"cursor": cursor_encode(change_position(read_up_to))})
    assert body.status_code == 200
    assert [e["id"] for e in body.json()["results"]] == [product.pk]


def test_recent_and_undispatched_changes_stay():
    product = ProductFactory()
    Change.objects.all().delete()
    first = change("product", product.pk, "product.published", LONG_AGO)
    change("product", product.pk, "product.updated", LONG_AGO)
    WebhookDispatchState.objects.update_or_create(key="default", defaults={"high_water": 0})
    assert retention.retention_run(now=NOW, only={"change-feed"}) == {"change-feed": 0}
    assert Change.objects.filter(pk=first.pk).exists()


# --- webhook deliveries, Idempotency-Key records --------------------------------------------------


def test_finished_old_deliveries_go_failing_ones_stay(settings):
    client = PartnerClientFactory(scopes=["catalog:read", "webhooks:manage"])
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    sub, _ = webhook_subscription_create(
        client=client, url="http://127.0.0.1:9/hooks", events=["*"], actor=None
    )

    def delivery(n, status, at):
        return WebhookDelivery.objects.create(
            subscription=sub, event="product.updated", change_id=n, kind="product",
            object_id=1, payload={}, status=status, created_at=at,
        )  # fmt: skip

    old_ok = delivery(1, DeliveryStatus.SUCCEEDED, LONG_AGO)
    old_given_up = delivery(2, DeliveryStatus.GIVEN_UP, LONG_AGO)
    old_failing = delivery(3, DeliveryStatus.FAILED, LONG_AGO)
    new_ok = delivery(4, DeliveryStatus.SUCCEEDED, LATELY)
    assert retention.retention_run(now=NOW, only={"webhook-deliveries"}) == {
        "webhook-deliveries": 2
    }
    left = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert left == {old_failing.pk, new_ok.pk}
    assert not {old_ok.pk, old_given_up.pk} & left


def test_idempotency_records_past_their_ttl_go():
    client = PartnerClientFactory()
    rows = [
        IdempotencyRecord.objects.create(
            client=client, key=f"k{n}", method="POST", path="/x/", body_hash="0" * 64
        )
        for n in range(3)
    ]
    IdempotencyRecord.objects.filter(pk__in=[r.pk for r in rows[:2]]).update(
        created_at=NOW - dt.timedelta(hours=25)
    )
    assert retention.retention_run(now=NOW, only={"idempotency-records"}) == {
        "idempotency-records": 2
    }
    assert list(IdempotencyRecord.objects.values_list("pk", flat=True)) == [rows[2].pk]


# --- sessions and JWTs ----------------------------------------------------------------------------


def test_expired_sessions_and_tokens_go_live_ones_stay():
    user = UserFactory()
    live, dead = SessionStore(), SessionStore()
    live.create()
    dead.create()
    Session.objects.filter(session_key=dead.session_key).update(expire_date=NOW - dt.timedelta(1))
    live_token = RefreshToken.for_user(user)
    dead_token = RefreshToken.for_user(user)
    dead_token.blacklist()
    OutstandingToken.objects.filter(jti=dead_token["jti"]).update(
        expires_at=NOW - dt.timedelta(days=1)
    )

    removed = retention.retention_run(now=NOW, only={"sessions", "jwt-tokens"})

    assert removed == {"sessions": 1, "jwt-tokens": 1}
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live_token["jti"]]
    assert not BlacklistedToken.objects.exists()


# --- the audit log --------------------------------------------------------------------------------


def audit_rows(n, at):
    target = ContentType.objects.get_for_model(User)
    rows = [
        AuditLog.objects.create(
            action="marketplace.user.erased",
            target_type=target,
            target_id=str(i),
            target_repr=f"người {i}",
            reason="lý do",
            data={"n": i},
        )
        for i in range(n)
    ]
    AuditLog.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=at)
    return rows


def read_archives():
    storage = storages["media_private"]
    years, _ = storage.listdir("archive/audit")
    lines = []
    for year in years:
        _, files = storage.listdir(f"archive/audit/{year}")
        for name in sorted(files):
            assert name.endswith(".jsonl.gz")
            with storage.open(f"archive/audit/{year}/{name}") as handle:
                lines += gzip.decompress(handle.read()).decode().splitlines()
    return [json.loads(line) for line in lines]


def test_old_audit_rows_are_archived_to_a_file_then_deleted():
    old = audit_rows(5, LONG_AGO)
    recent = audit_rows(1, LATELY)
    assert retention.retention_run(now=NOW, only={"audit-log"}) == {"audit-log": 5}

    assert list(AuditLog.objects.values_list("pk", flat=True)) == [recent[0].pk]
    archived = read_archives()
    assert [row["id"] for row in archived] == [r.pk for r in old]  # 3 files: 2 + 2 + 1
    assert archived[0]["target_repr"] == "người 0"
    assert archived[0]["target_type"] == "marketplace.user"
    assert archived[0]["data"] == {"n": 0}
    assert dt.datetime.fromisoformat(archived[0]["created_at"]) == LONG_AGO


def test_audit_rows_stay_when_the_archive_cannot_be_written(monkeypatch):
    audit_rows(3, LONG_AGO)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storages["media_private"], "save", broken)
    assert retention.retention_run(now=NOW, only={"audit-log"}) == {"audit-log": -1}
    assert AuditLog.objects.count() == 3


def test_zero_days_keeps_forever(settings):
    settings.AUDIT_RETENTION_DAYS = 0
    audit_rows(2, LONG_AGO)
    assert retention.retention_run(now=NOW, only={"audit-log"}) == {"audit-log": 0}
    assert AuditLog.objects.count() == 2


def test_the_beat_task_runs_every_job():
    audit_rows(1, LONG_AGO)
    done = retention_run_task()
    assert set(done) == {job.name for job in retention.retention_jobs()}
    assert done["audit-log"] == 1
