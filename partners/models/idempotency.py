"""The first response to a partner's (or a signed-in person's, D121) POST sent with an
Idempotency-Key (core.api.idempotency reads and writes these rows;
settings.IDEMPOTENCY_RECORD_MODEL names this model)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.api.idempotency import IdempotencyState
from partners.models.clients import PartnerClient


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an Idempotency-Key: by a partner client, or by a
    signed-in person on a view that honours people's keys; exactly one of the two."""

    client = models.ForeignKey(
        PartnerClient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="idempotency_records",
        verbose_name=_("client"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=255)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    body_hash = models.CharField(_("body hash"), max_length=64)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=IdempotencyState.choices,
        default=IdempotencyState.IN_PROGRESS,
    )
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "marketplace_idempotencyrecord"
        ordering = ["-created_at", "-id"]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_client_key"),
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key"),
            models.CheckConstraint(
                condition=Q(client__isnull=False, user__isnull=True)
                | Q(client__isnull=True, user__isnull=False),
                name="idempotency_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id or 'user-' + str(self.user_id)}:{self.key}"
