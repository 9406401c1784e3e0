"""Writes on partner clients, their API keys and storefront grants. Every write is audited.

Moderators manage clients and keys; a storefront's owners grant or revoke a client's access
to write their listings. A key's plaintext exists only in the return value of
:func:`api_key_issue` / :func:`api_key_rotate`; the database keeps its SHA-256 (D60).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, ValidationFailed
from marketplace.models import User, Vendor
from marketplace.permissions import require_moderator, require_owner
from partners.models import ApiKey, PartnerClient, StorefrontGrant
from partners.models.clients import KEY_PREFIX, hash_key

CLIENT_FIELDS = frozenset({"name", "contact_email", "scopes", "is_active", "rate_limit_per_minute"})


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    plaintext: str


def _clean_client(client: PartnerClient) -> None:
    try:
        client.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ValidationFailed(
            _("Some fields are not valid; see errors."),
            errors={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from exc


@transaction.atomic
def partner_client_create(*, actor: User, data: dict[str, Any]) -> PartnerClient:
    require_moderator(actor)
    fields = {k: v for k, v in data.items() if k in CLIENT_FIELDS}
    fields["scopes"] = sorted(set(fields.get("scopes") or []))
    client = PartnerClient(created_by=actor, **fields)
    _clean_client(client)
    client.save()
    audit_record(
        actor=actor, action="partner_client.create", target=client, data={"scopes": client.scopes}
    )
    return client


@transaction.atomic
def partner_client_update(
    *, client: PartnerClient, actor: User, data: dict[str, Any]
) -> PartnerClient:
    require_moderator(actor)
    client = PartnerClient.objects.select_for_update().get(pk=client.pk)
    changed: dict[str, Any] = {}
    for name, value in data.items():
        if name not in CLIENT_FIELDS:
            continue
        if name == "scopes":
            value = sorted(set(value or []))
        if getattr(client, name) != value:
            changed[name] = value
            setattr(client, name, value)
    if not changed:
        return client
    _clean_client(client)
    client.save()
    audit_record(
        actor=actor,
        action="partner_client.update",
        target=client,
        data={"changed": sorted(changed)},
    )
    return client


def partner_client_deactivate(*, client: PartnerClient, actor: User) -> PartnerClient:
    """Every key of a deactivated client stops working at once (401), without revoking them."""
    return partner_client_update(client=client, actor=actor, data={"is_active": False})


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def _create_key(*, client: PartnerClient, actor: User, expires_at: datetime | None) -> IssuedKey:
    prefix, plaintext = _new_key()
    while ApiKey.objects.filter(prefix=prefix).exists():  # 48 random bits: practically never
        prefix, plaintext = _new_key()
    api_key = ApiKey.objects.create(
        client=client,
        prefix=prefix,
        hashed_key=hash_key(plaintext),
        created_by=actor,
        expires_at=expires_at,
    )
    return IssuedKey(api_key=api_key, plaintext=plaintext)


@transaction.atomic
def api_key_issue(
    *, client: PartnerClient, actor: User, expires_at: datetime | None = None
) -> IssuedKey:
    require_moderator(actor)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(
            _("The expiry must be in the future."),
            errors={"expires_at": [_("The expiry must be in the future.")]},
        )
    issued = _create_key(client=client, actor=actor, expires_at=expires_at)
    audit_record(
        actor=actor,
        action="api_key.issue",
        target=client,
        data={"key_id": issued.api_key.pk, "prefix": issued.api_key.prefix},
    )
    return issued


@transaction.atomic
def api_key_rotate(*, api_key: ApiKey, actor: User) -> IssuedKey:
    """A new key for the same client; the old one keeps working for the grace period."""
    require_moderator(actor)
    old = ApiKey.objects.select_for_update().select_related("client").get(pk=api_key.pk)
    now = timezone.now()
    if not old.is_usable(now):
        raise Conflict(_("Only a key that still works can be rotated; issue a new one."))
    if old.replaced_by_id is not None:
        raise Conflict(_("This key has already been rotated."))
    issued = _create_key(client=old.client, actor=actor, expires_at=old.expires_at)
    grace_end = now + timedelta(hours=settings.PARTNER_KEY_ROTATION_GRACE_HOURS)
    old.expires_at = min(old.expires_at, grace_end) if old.expires_at else grace_end
    old.replaced_by = issued.api_key
    old.save(update_fields=["expires_at", "replaced_by"])
    audit_record(
        actor=actor,
        action="api_key.rotate",
        target=old.client,
        data={
            "old_key_id": old.pk,
            "new_key_id": issued.api_key.pk,
            "old_key_expires_at": old.expires_at.isoformat(),
        },
    )
    return issued


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: User) -> ApiKey:
    require_moderator(actor)
    key = ApiKey.objects.select_for_update().select_related("client").get(pk=api_key.pk)
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_key.revoke",
        target=key.client,
        data={"key_id": key.pk, "prefix": key.prefix},
    )
    return key


@transaction.atomic
def storefront_grant_create(
    *, vendor: Vendor, client: PartnerClient, actor: User
) -> StorefrontGrant:
    """Idempotent: granting a client that already holds an active grant returns that grant."""
    require_owner(actor, vendor)
    Vendor.objects.select_for_update().filter(pk=vendor.pk).first()  # serialise grants
    existing = StorefrontGrant.objects.filter(
        vendor=vendor, client=client, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    if not client.is_active:
        raise ValidationFailed(
            _("This partner client is deactivated."),
            errors={"client": [_("This partner client is deactivated.")]},
        )
    grant = StorefrontGrant.objects.create(vendor=vendor, client=client, granted_by=actor)
    audit_record(
        actor=actor,
        action="storefront_grant.create",
        target=vendor,
        data={"client_id": client.pk, "client": client.name, "grant_id": grant.pk},
    )
    return grant


@transaction.atomic
def storefront_grant_revoke(*, grant: StorefrontGrant, actor: User) -> StorefrontGrant:
    grant = (
        StorefrontGrant.objects.select_for_update()
        .select_related("vendor", "client")
        .get(pk=grant.pk)
    )
    require_owner(actor, grant.vendor)
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="storefront_grant.revoke",
        target=grant.vendor,
        data={"client_id": grant.client_id, "client": grant.client.name, "grant_id": grant.pk},
    )
    return grant


__all__ = [
    "IssuedKey",
    "api_key_issue",
    "api_key_revoke",
    "api_key_rotate",
    "partner_client_create",
    "partner_client_deactivate",
    "partner_client_update",
    "storefront_grant_create",
    "storefront_grant_revoke",
]
