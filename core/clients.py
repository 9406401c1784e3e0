"""Partner clients as every app sees them: what one may be allowed (scopes), what it looks like
to a service, and what an audit row records about it.

The partners app (top floor) owns the client model, its keys and its grants; apps below it
accept "the partner client acting, or None" through the `Partner` protocol and check it with
its own methods, so none of them imports partners (D85).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerScope(models.TextChoices):
    CATALOG_READ = "catalog:read", _("Read the catalogue")
    FAIRS_READ = "fairs:read", _("Read fairs")
    LISTINGS_WRITE = "listings:write", _("Write listings for storefronts that granted access")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhook subscriptions")
    ORDERS_READ = "orders:read", _("Read the orders of storefronts that granted access")


def validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ValidationError(_("Scopes must be a list of strings."))
    unknown = sorted(set(value) - set(PartnerScope.values))
    if unknown:
        raise ValidationError(
            _("Unknown scopes: %(scopes)s."), params={"scopes": ", ".join(unknown)}
        )


class Partner(Protocol):
    """A partner client (partners.models.PartnerClient) as the apps below partners use it."""

    @property
    def pk(self) -> Any: ...

    @property
    def name(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    def has_scope(self, scope: str) -> bool: ...

    def has_storefront_grant(self, vendor_id: int) -> bool:
        """Whether the storefront `vendor_id` has granted this client access (not revoked)."""
        ...


def partner_audit_data(partner: Partner | None) -> dict[str, Any]:
    """What an audit row records about the partner client that acted (D64)."""
    if partner is None:
        return {}
    return {"partner_client": {"id": partner.pk, "name": partner.name}}
