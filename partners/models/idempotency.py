"""The first response to a partner POST sent with an Idempotency-Key (core.api.idempotency
reads and writes these rows; settings.IDEMPOTENCY_RECORD_MODEL names this model)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.api.idempotency import IdempotencyState
from partners.models.clients import PartnerClient


class IdempotencyRecord(models.Model):
    """The first response to a partner POST sent with an Idempotency-Key."""

    client = models.ForeignKey(
        PartnerClient,
        on_delete=models.CASCADE,
        related_name="idempotency_records",
        verbose_name=_("client"),
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
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
