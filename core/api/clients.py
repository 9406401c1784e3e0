"""Partner requests in the API layer of every app: who the partner client behind a request is,
and the permission classes that check its scopes.

The partners app authenticates API keys and puts the key in ``request.auth``
(``partners.api.authentication``); ``settings.PARTNER_KEY_MODEL`` names the key model
("partners.ApiKey"), so this module recognises a partner request without importing partners
(D85). Without that setting no request is a partner's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticatedOrReadOnly
from rest_framework.request import Request

from core.clients import Partner, PartnerScope


def partner_key(request: Any) -> Any | None:
    """The partner's API key that authenticated the request, or None."""
    auth = getattr(request, "auth", None)
    model = getattr(settings, "PARTNER_KEY_MODEL", None)
    if auth is None or not model:
        return None
    return auth if isinstance(auth, apps.get_model(model)) else None


def partner_client(request: Any) -> Partner | None:
    """The partner client behind the request, or None for people and anonymous visitors."""
    key = partner_key(request)
    return key.client if key is not None else None


class HasPartnerScope(BasePermission):
    """Allows only partner requests whose client holds every required scope.

    Use ``HasPartnerScope.with_scopes("catalog:read")``. A request without a key gets 401
    (DRF turns a refused anonymous request into 401 because an authenticator has a header).
    """

    required: tuple[str, ...] = ()
    message: Any = gettext_lazy("This partner client lacks a required scope.")

    @classmethod
    def with_scopes(cls, *scopes: str) -> type[HasPartnerScope]:
        return type(
            f"HasPartnerScope_{'_'.join(s.replace(':', '_') for s in scopes)}",
            (cls,),
            {"required": tuple(scopes)},
        )

    def has_permission(self, request: Request, view: Any) -> bool:
        client = partner_client(request)
        if client is None:
            return False
        self.message = _("This partner client lacks a required scope: %(scopes)s.") % {
            "scopes": ", ".join(self.missing(client, self.required))
        }
        return not self.missing(client, self.required)

    @staticmethod
    def missing(client: Partner, scopes: Iterable[str]) -> list[str]:
        return [s for s in scopes if not client.has_scope(s)]


class PartnerScopeIfPartner(BasePermission):
    """For endpoints shared by people and partners: a partner request needs the scopes,
    anything else passes through to the view's other permissions."""

    required: tuple[str, ...] = ()

    @classmethod
    def with_scopes(cls, *scopes: str) -> type[PartnerScopeIfPartner]:
        return type(
            f"PartnerScopeIfPartner_{'_'.join(s.replace(':', '_') for s in scopes)}",
            (cls,),
            {"required": tuple(scopes)},
        )

    def has_permission(self, request: Request, view: Any) -> bool:
        client = partner_client(request)
        if client is None:
            return True
        missing = HasPartnerScope.missing(client, self.required)
        if missing:
            self.message = _("This partner client lacks a required scope: %(scopes)s.") % {
                "scopes": ", ".join(missing)
            }
        return not missing


class PartnerListingsPermission(BasePermission):
    """Listings endpoints: people as IsAuthenticatedOrReadOnly; a partner reads with
    ``catalog:read`` and writes with ``listings:write`` (the grant is checked by the service
    and by the queryset: a product of a storefront that did not grant access is 404, D3)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = partner_client(request)
        if client is None:
            return IsAuthenticatedOrReadOnly().has_permission(request, view)
        scope = PartnerScope.CATALOG_READ if request.method in SAFE_METHODS else None
        scope = scope or PartnerScope.LISTINGS_WRITE
        if not client.has_scope(scope):
            self.message = _("This partner client lacks a required scope: %(scopes)s.") % {
                "scopes": scope
            }
            return False
        return True


class PartnerOrdersPermission(BasePermission):
    """A storefront's orders: people must be signed in (the view checks membership); a partner
    needs ``orders:read`` (the view checks the storefront's grant, D141)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = partner_client(request)
        if client is None:
            return bool(request.user and request.user.is_authenticated)
        if not client.has_scope(PartnerScope.ORDERS_READ):
            self.message = _("This partner client lacks a required scope: %(scopes)s.") % {
                "scopes": PartnerScope.ORDERS_READ
            }
            return False
        return True
