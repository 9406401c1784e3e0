"""Partner clients (other sites pulling and pushing data), their API keys, and the storefronts
that granted a client access. The scopes a client may hold are in core.clients.

A key looks like ``gt_live_<prefix>_<secret>``. Only the prefix (to tell keys apart) and the
SHA-256 of the whole key are stored; the key itself is shown once when it is issued (D60).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.clients import validate_scopes
from marketplace.models.vendors import Vendor

KEY_PREFIX = "gt_live_"
_PREFIX_RE = re.compile(r"[0-9a-f]{1,16}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")


def hash_key(key: str) -> str:
    """SHA-256 of the whole key, hex. The key has 256 random bits, so no salt is needed (D60)."""
    return hashlib.sha256(key.encode()).hexdigest()


def split_key(key: str) -> tuple[str, str] | None:
    """``gt_live_<prefix>_<secret>`` → (prefix, secret), or None when it is not shaped so."""
    if not key.startswith(KEY_PREFIX):
        return None
    prefix, sep, secret = key[len(KEY_PREFIX) :].partition("_")
    # Only the characters keys are made of reach the database (no NUL, no odd Unicode).
    if not sep or not _PREFIX_RE.fullmatch(prefix) or not _SECRET_RE.fullmatch(secret):
        return None
    return prefix, secret


class PartnerClient(models.Model):
    """Another site (a national or postal marketplace, another province's exchange)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_email = models.EmailField(_("contact email"))
    scopes = models.JSONField(_("scopes"), default=list, blank=True, validators=[validate_scopes])
    is_active = models.BooleanField(_("active"), default=True)
    rate_limit_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_partnerclient"
        ordering = ["name", "id"]
        verbose_name = _("partner client")
        verbose_name_plural = _("partner clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_limit_per_minute__gte=1), name="partnerclient_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def has_storefront_grant(self, vendor_id: int) -> bool:
        return StorefrontGrant.objects.filter(
            vendor_id=vendor_id, client=self, revoked_at__isnull=True
        ).exists()


class ApiKey(models.Model):
    client = models.ForeignKey(
        PartnerClient, on_delete=models.CASCADE, related_name="keys", verbose_name=_("client")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    # SHA-256 of the full key, hex. Never the key itself.
    hashed_key = models.CharField(_("hashed key"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    class Meta:
        db_table = "marketplace_apikey"
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.client} · gt_live_{self.prefix}_…"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= moment:
            return False
        return not (self.expires_at is not None and self.expires_at <= moment)


class StorefrontGrant(models.Model):
    """A storefront's consent that a partner client may write its listings."""

    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.CASCADE,
        related_name="partner_grants",
        verbose_name=_("storefront"),
    )
    client = models.ForeignKey(
        PartnerClient, on_delete=models.CASCADE, related_name="grants", verbose_name=_("client")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "marketplace_storefrontgrant"
        ordering = ["-created_at", "-id"]
        verbose_name = _("storefront grant")
        verbose_name_plural = _("storefront grants")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "client"],
                condition=Q(revoked_at__isnull=True),
                name="storefrontgrant_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} → {self.client}"
