"""Partner API keys: shown once, stored hashed, refused when wrong, revoked, expired or
deactivated; scopes; rotation grace; per-client rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditLog
from partners.models import ApiKey, PartnerClient
from partners.services.clients import api_key_issue, api_key_revoke, api_key_rotate
from tests.factories import ProductFactory
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db

CLIENTS = "/api/v1/partners/clients/"


@pytest.fixture
def partner(db) -> PartnerClient:
    return PartnerClientFactory(name="Sàn Bưu điện", scopes=["catalog:read"])


@pytest.fixture
def published(vendor):
    return ProductFactory(vendor=vendor, status="published")


def test_key_is_shown_once_and_stored_hashed(moderator_client, partner):
    response = moderator_client.post(f"{CLIENTS}{partner.pk}/keys/", {}, format="json")
    assert response.status_code == 201, response.json()
    key = response.json()["key"]
    assert key.startswith("gt_live_")
    row = ApiKey.objects.get(client=partner)
    assert response.json()["prefix"] == row.prefix
    # The database holds no plaintext anywhere in the row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM marketplace_apikey WHERE id = %s", [row.pk])
        values = [str(v) for v in cursor.fetchone()]
    assert not any(key in v or key.split("_", 3)[3] in v for v in values)
    # Listing the client's keys later never shows the key or its hash.
    listed = moderator_client.get(f"{CLIENTS}{partner.pk}/keys/").json()
    text = str(listed)
    assert key not in text and row.hashed_key not in text
    assert listed[0]["prefix"] == row.prefix
    assert AuditLog.objects.filter(action="api_key.issue").count() == 1


def test_a_valid_key_reads_the_catalogue_both_headers(partner, published):
    key = partner_key(partner)
    assert partner_api(key).get(f"/api/v1/products/{published.slug}/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get(f"/api/v1/products/{published.slug}/").status_code == 200
    assert ApiKey.objects.get(client=partner).last_used_at is not None


@pytest.mark.parametrize(
    "make_key",
    [
        pytest.param(lambda c: "gt_live_nope", id="malformed"),
        pytest.param(lambda c: "gt_live_ab\x00cd_secret", id="nul-in-prefix"),
        pytest.param(lambda c: "gt_live_abcd_séc ret", id="odd-characters"),
        pytest.param(lambda c: "x" * 5000, id="huge"),
        pytest.param(lambda c: partner_key(c)[:-2] + "xx", id="wrong-secret"),
        pytest.param(lambda c: "gt_live_abcdef123456_" + "x" * 43, id="unknown-prefix"),
        pytest.param(lambda c: partner_key(c, revoked_at=timezone.now()), id="revoked"),
        pytest.param(
            lambda c: partner_key(c, expires_at=timezone.now() - timedelta(seconds=1)),
            id="expired",
        ),
    ],
)
def test_unusable_keys_get_401_in_the_one_shape(partner, published, make_key):
    response = partner_api(make_key(partner)).get(f"/api/v1/products/{published.slug}/")
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["type"].startswith("urn:giaothuong:problem:")
    assert body["detail"]


def test_deactivated_client_gets_401(moderator, partner, published):
    from partners.services.clients import partner_client_deactivate

    key = partner_key(partner)
    partner_client_deactivate(client=partner, actor=moderator)
    response = partner_api(key).get(
        f"/api/v1/products/{published.slug}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401
    assert "deactivated" in response.json()["detail"]


def test_missing_scope_is_403(published):
    fairs_only = PartnerClientFactory(scopes=["fairs:read"])
    response = partner_api(partner_key(fairs_only)).get(f"/api/v1/products/{published.slug}/")
    assert response.status_code == 403
    assert "catalog:read" in response.json()["detail"]


def test_partner_is_not_a_person(partner):
    """A key does not reach endpoints for signed-in people (request.user stays anonymous)."""
    response = partner_api(partner_key(partner)).get("/api/v1/me/")
    assert response.status_code in (401, 403)


def test_rotation_keeps_the_old_key_for_the_grace_period(settings, moderator, partner, published):
    settings.PARTNER_KEY_ROTATION_GRACE_HOURS = 2
    issued = api_key_issue(client=partner, actor=moderator)
    rotated = api_key_rotate(api_key=issued.api_key, actor=moderator)
    assert rotated.plaintext != issued.plaintext
    url = f"/api/v1/products/{published.slug}/"
    assert partner_api(issued.plaintext).get(url).status_code == 200
    assert partner_api(rotated.plaintext).get(url).status_code == 200
    old = ApiKey.objects.get(pk=issued.api_key.pk)
    assert old.replaced_by_id == rotated.api_key.pk
    assert timedelta(hours=1, minutes=59) < old.expires_at - timezone.now() <= timedelta(hours=2)
    # After the grace period the old key is refused, the new one still works.
    ApiKey.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert partner_api(issued.plaintext).get(url).status_code == 401
    assert partner_api(rotated.plaintext).get(url).status_code == 200


def test_rotate_and_revoke_over_the_api(moderator_client, moderator, partner, published):
    issued = api_key_issue(client=partner, actor=moderator)
    base = f"{CLIENTS}{partner.pk}/keys/{issued.api_key.pk}/"
    rotated = moderator_client.post(f"{base}rotate/")
    assert rotated.status_code == 201
    new_key = rotated.json()["key"]
    again = moderator_client.post(f"{base}rotate/")
    assert again.status_code == 409
    new_id = rotated.json()["id"]
    revoked = moderator_client.post(f"{CLIENTS}{partner.pk}/keys/{new_id}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert partner_api(new_key).get(f"/api/v1/products/{published.slug}/").status_code == 401


def test_revoke_is_audited_and_idempotent(moderator, partner):
    issued = api_key_issue(client=partner, actor=moderator)
    api_key_revoke(api_key=issued.api_key, actor=moderator)
    api_key_revoke(api_key=issued.api_key, actor=moderator)
    assert AuditLog.objects.filter(action="api_key.revoke").count() == 1


def test_only_moderators_manage_clients(vendor_client, moderator_client, partner):
    assert vendor_client.get(CLIENTS).status_code == 403
    assert vendor_client.post(f"{CLIENTS}{partner.pk}/keys/", {}).status_code == 403
    assert APIClient().get(CLIENTS).status_code == 401
    assert partner_api(partner_key(partner)).get(CLIENTS).status_code in (401, 403)
    created = moderator_client.post(
        CLIENTS,
        {
            "name": "Sàn Tỉnh bạn",
            "contact_email": "it@tinhban.vn",
            "scopes": ["catalog:read", "listings:write"],
            "rate_limit_per_minute": 120,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["scopes"] == ["catalog:read", "listings:write"]
    bad = moderator_client.post(
        CLIENTS,
        {"name": "X", "contact_email": "x@x.vn", "scopes": ["everything"]},
        format="json",
    )
    assert bad.status_code == 400
    assert "scopes.0" in bad.json()["errors"]
    updated = moderator_client.patch(f"{CLIENTS}{partner.pk}/", {"is_active": False}, format="json")
    assert updated.status_code == 200 and updated.json()["is_active"] is False
    assert AuditLog.objects.filter(action__startswith="partner_client.").count() == 2


def test_rate_limit_per_client_429_with_retry_after(partner, published):
    # Counts are per one-minute window (D88): a frozen clock keeps the test inside one.
    with time_machine.travel(timezone.now(), tick=False):
        _rate_limit_per_client_429_with_retry_after(partner, published)


def _rate_limit_per_client_429_with_retry_after(partner, published):
    PartnerClient.objects.filter(pk=partner.pk).update(rate_limit_per_minute=3)
    other = PartnerClientFactory(scopes=["catalog:read"], rate_limit_per_minute=3)
    url = f"/api/v1/products/{published.slug}/"
    api = partner_api(partner_key(partner))
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["type"] == "urn:giaothuong:problem:throttled"
    # Another client (and a second key of the same client) are counted separately / together.
    assert partner_api(partner_key(other)).get(url).status_code == 200
    assert partner_api(partner_key(partner)).get(url).status_code == 429


def test_client_and_key_lists_do_not_grow_with_rows(moderator_client, django_assert_num_queries):
    clients = PartnerClientFactory.create_batch(5)
    for client in clients:
        partner_key(client)
        partner_key(client)
    with django_assert_num_queries(2):  # count, page
        assert len(moderator_client.get(CLIENTS).json()["results"]) == 5
    with django_assert_num_queries(2):  # the client, its keys
        assert len(moderator_client.get(f"{CLIENTS}{clients[0].pk}/keys/").json()) == 2


def test_last_used_is_written_at_most_once_a_minute(partner, published):
    from datetime import timedelta as td

    key = partner_key(partner)
    url = f"/api/v1/products/{published.slug}/"
    api = partner_api(key)
    api.get(url)
    first = ApiKey.objects.get(client=partner).last_used_at
    api.get(url)
    assert ApiKey.objects.get(client=partner).last_used_at == first
    ApiKey.objects.filter(client=partner).update(last_used_at=first - td(minutes=2))
    api.get(url)
    assert ApiKey.objects.get(client=partner).last_used_at > first


def test_scope_permission_classes(rf, partner):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request

    from core.api.clients import HasPartnerScope, PartnerScopeIfPartner

    key = ApiKey.objects.get(prefix=partner_key(partner).split("_")[2])
    as_partner = Request(rf.get("/"))
    as_partner._authenticator, as_partner._user, as_partner._auth = None, AnonymousUser(), key
    as_person = Request(rf.get("/"))
    as_person._authenticator, as_person._user, as_person._auth = None, AnonymousUser(), None

    assert HasPartnerScope.with_scopes("catalog:read")().has_permission(as_partner, None)
    refused = HasPartnerScope.with_scopes("catalog:read", "webhooks:manage")()
    assert not refused.has_permission(as_partner, None)
    assert "webhooks:manage" in str(refused.message)
    assert not HasPartnerScope.with_scopes("catalog:read")().has_permission(as_person, None)
    assert PartnerScopeIfPartner.with_scopes("fairs:read")().has_permission(as_person, None)
    assert not PartnerScopeIfPartner.with_scopes("fairs:read")().has_permission(as_partner, None)
