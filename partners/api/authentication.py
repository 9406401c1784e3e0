"""Partner API keys: the authentication class (and its OpenAPI description).

A partner sends ``Authorization: Api-Key gt_live_<prefix>_<secret>`` or ``X-Api-Key: <key>``.
On success ``request.auth`` is the :class:`ApiKey` and ``request.user`` stays
``AnonymousUser`` (D61): a partner is not a person, has no memberships and no moderator
rights, so every existing "is this user allowed" check keeps refusing it; partner writes are
allowed only by permissions that look at ``partner_client(request)`` explicitly
(core.api.clients, which also holds the scope permissions).
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from core.api.clients import partner_key
from partners.models import ApiKey, PartnerClient
from partners.models.clients import hash_key, split_key

AUTH_KEYWORD = "api-key"
LAST_USED_EVERY = timedelta(minutes=1)


def _key_from_request(request: Request) -> str | None:
    header = get_authorization_header(request).split()
    if header and header[0].lower() == AUTH_KEYWORD.encode():
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The API key header is malformed."))
        try:
            return header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The API key header is malformed.")) from None
    value = request.META.get("HTTP_X_API_KEY")
    return value.strip() if value else None


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticates a partner client by its API key; 401 for any key that is not usable."""

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        raw = _key_from_request(request)
        if raw is None:
            return None
        invalid = exceptions.AuthenticationFailed(_("The API key is not valid."))
        parts = split_key(raw)
        if parts is None:
            raise invalid
        api_key = ApiKey.objects.select_related("client").filter(prefix=parts[0]).first()
        # Compare in constant time even when the prefix is unknown, so timing says nothing.
        stored = api_key.hashed_key if api_key is not None else "0" * 64
        if not hmac.compare_digest(stored, hash_key(raw)) or api_key is None:
            raise invalid
        now = timezone.now()
        if api_key.revoked_at is not None and api_key.revoked_at <= now:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if api_key.expires_at is not None and api_key.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not api_key.client.is_active:
            raise exceptions.AuthenticationFailed(_("This partner client is deactivated."))
        if api_key.last_used_at is None or api_key.last_used_at < now - LAST_USED_EVERY:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
            api_key.last_used_at = now
        return AnonymousUser(), api_key

    def authenticate_header(self, request: Request) -> str:
        return 'Api-Key realm="api"'


def request_partner(request: Any) -> PartnerClient | None:
    """The partner client behind the request (core.api.clients.partner_client, typed as the
    model for the partners app's own code), or None for people and anonymous visitors."""
    key = partner_key(request)
    return key.client if isinstance(key, ApiKey) else None


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents partner keys in the OpenAPI document (X-Api-Key header)."""

    target_class = "partners.api.authentication.ApiKeyAuthentication"
    name = "partnerApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": "A partner client's API key, gt_live_<prefix>_<secret>. "
            "`Authorization: Api-Key <key>` is accepted too.",
        }
