"""The partners admin: every model registered, pages render for moderators, keys never shown
after they are issued, and the actions go through the services (audited)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from marketplace.models import User
from partners.models import ApiKey, PartnerClient, StorefrontGrant, WebhookSubscription
from tests.factories.partners import PartnerClientFactory, partner_key

PARTNERS_MODELS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "partners"
)


@pytest.fixture
def mod_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


def post_action(client: Client, url: str, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects], **extra}
    return client.post(url, data)


def sent_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def test_every_partners_model_is_registered():
    assert PARTNERS_MODELS == [
        "apikey",
        "partnerclient",
        "storefrontgrant",
        "webhookdelivery",
        "webhooksubscription",
    ]


def test_the_tables_did_not_move():
    assert PartnerClient._meta.app_label == "partners"
    assert PartnerClient._meta.db_table == "marketplace_partnerclient"


@pytest.fixture
def populated(vendor, product):
    """One row of every partners model the admin shows."""
    partner = PartnerClientFactory()
    partner_key(partner)
    StorefrontGrant.objects.create(vendor=vendor, client=partner)
    sub = WebhookSubscription.objects.create(
        client=partner, url="https://p.example/h", events=["*"], secret="whsec_x"
    )
    sub.deliveries.create(
        event="product.updated",
        change_id=1,
        kind="product",
        object_id=product.pk,
        payload={"event": "product.updated"},
        created_at=timezone.now(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", PARTNERS_MODELS)
def test_changelist_and_change_page_load_for_moderator(mod_client, populated, model_name):
    response = mod_client.get(reverse(f"admin:partners_{model_name}_changelist"))
    assert response.status_code == 200
    first = response.context["cl"].result_list[0]
    response = mod_client.get(reverse(f"admin:partners_{model_name}_change", args=[first.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_partner_admin_issues_a_key_once_and_never_shows_hashes(mod_client):

    client = PartnerClientFactory(name="Sàn Bưu điện")
    url = reverse("admin:partners_partnerclient_changelist")
    response = post_action(mod_client, url, "issue_key", [client])
    assert response.status_code == 302
    shown = " ".join(text for _level, text in sent_messages(response))
    key = ApiKey.objects.get(client=client)
    assert f"gt_live_{key.prefix}_" in shown
    page = mod_client.get(reverse("admin:partners_partnerclient_change", args=[client.pk]))
    assert key.prefix in page.content.decode()
    assert key.hashed_key not in page.content.decode()
    keys_page = mod_client.get(reverse("admin:partners_apikey_change", args=[key.pk]))
    assert key.hashed_key not in keys_page.content.decode()
    # Revoking through the action goes through the service (audited).
    post_action(mod_client, reverse("admin:partners_apikey_changelist"), "revoke", [key])
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert AuditLog.objects.filter(action="api_key.revoke").count() == 1
    assert PartnerClient.objects.count() == 1
