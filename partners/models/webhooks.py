"""Webhooks: a partner client's subscriptions to change events, and the log of deliveries.

A delivery is created once per (subscription, change) by the dispatcher (unique), retried
with backoff until it succeeds or the retry window closes, and kept as the delivery log.
The subscription's secret is stored as is (it must sign every delivery, so it cannot be
hashed); it is shown to the partner only when created or rotated. See D72.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models.clients import PartnerClient


class WebhookSubscription(models.Model):
    client = models.ForeignKey(
        PartnerClient,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("client"),
    )
    url = models.URLField(_("URL"), max_length=500)
    # Event names ("product.published") or patterns ("product.*", "*").
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("secret"), max_length=80, editable=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("disabled reason"), max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    # When the current run of failures began (cleared by a success): "failing for a day".
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "marketplace_webhooksubscription"
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed, will retry")
    GIVEN_UP = "given_up", _("Given up")


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.CharField(_("event"), max_length=40)
    # The change feed row this delivery announces (no FK: the feed may be pruned, the log stays).
    change_id = models.BigIntegerField(_("change id"))
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.BigIntegerField(_("object id"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    # Retries stop RETRY_HOURS after this: the creation, or the last manual redelivery.
    window_started_at = models.DateTimeField(_("retrying since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "marketplace_webhookdelivery"
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change_id"], name="webhookdelivery_once_per_change"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="webhookdelivery_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subscription", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} → {self.subscription_id}"


class WebhookDispatchState(models.Model):
    """One row: the change id below which every change has been dispatched (the high-water
    mark), locked by each dispatcher run so two runs never interleave."""

    key = models.CharField(max_length=20, unique=True, default="default")
    high_water = models.BigIntegerField(default=0)
    # Ids below high_water not seen yet (a transaction still open, or rolled back), with the
    # time they were first missed: {"<id>": "<iso time>"}; dropped after a grace period.
    gaps = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "marketplace_webhookdispatchstate"
        verbose_name = _("webhook dispatch state")
        verbose_name_plural = _("webhook dispatch state")

    def __str__(self) -> str:
        return f"{self.key}: {self.high_water}"
