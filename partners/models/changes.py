"""The change feed: one row per change to something partners can see.

Services record a row in the same transaction as the change itself, so the feed can never show a
change that rolled back nor miss one that committed. The auto-incrementing id is the feed's
sequence; the webhook dispatcher reads the same rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    VENDOR = "vendor", _("Storefront")
    CERTIFICATE = "certificate", _("Certificate")
    FAIR = "fair", _("Fair")
    APPLICATION = "application", _("Exhibitor application")
    REGISTRATION = "registration", _("Visitor registration")
    ORDER = "order", _("Order")
    LEAD = "lead", _("Trade lead")
    LOT = "lot", _("Lot")


class ChangeEvent(models.TextChoices):
    PRODUCT_PUBLISHED = "product.published", _("Product published")
    PRODUCT_UPDATED = "product.updated", _("Product updated")
    PRODUCT_UNPUBLISHED = "product.unpublished", _("Product unpublished")
    PRODUCT_DELETED = "product.deleted", _("Product deleted")
    VENDOR_APPROVED = "vendor.approved", _("Storefront approved")
    VENDOR_UPDATED = "vendor.updated", _("Storefront updated")
    VENDOR_SUSPENDED = "vendor.suspended", _("Storefront suspended")
    CERTIFICATE_VERIFIED = "certificate.verified", _("Certificate verified")
    CERTIFICATE_EXPIRED = "certificate.expired", _("Certificate expired")
    CERTIFICATE_REVOKED = "certificate.revoked", _("Certificate revoked")
    CERTIFICATE_UPDATED = "certificate.updated", _("Certificate shown or hidden with its product")
    FAIR_PUBLISHED = "fair.published", _("Fair published")
    FAIR_UPDATED = "fair.updated", _("Fair updated")
    FAIR_CANCELLED = "fair.cancelled", _("Fair cancelled")
    APPLICATION_CHANGED = "application.changed", _("Exhibitor application changed")
    REGISTRATION_CHANGED = "registration.changed", _("Visitor registration changed")
    ORDER_CREATED = "order.created", _("Order placed")
    ORDER_STATUS_CHANGED = "order.status_changed", _("Order status changed")
    PAYMENT_PAID = "payment.paid", _("Order paid")
    LEAD_PUBLISHED = "lead.published", _("Trade lead published")
    LEAD_UNPUBLISHED = "lead.unpublished", _("Trade lead back in review after an edit")
    LEAD_CLOSED = "lead.closed", _("Trade lead closed")
    LEAD_EXPIRED = "lead.expired", _("Trade lead expired")
    LOT_PUBLISHED = "lot.published", _("Lot published")
    LOT_RECALLED = "lot.recalled", _("Lot recalled")
    SNAPSHOT = "snapshot", _("Initial snapshot")


class Change(models.Model):
    """A thing partners can see changed; the feed serves its current public form (or a tombstone).

    `object_id` is the id of the row of `kind`. Applications, registrations and orders are
    private to their parties: they reach partners through webhooks only, the public feed leaves
    them out (orders: only clients with `orders:read` and the storefront's grant, D141).
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    object_id = models.BigIntegerField(_("object id"))
    event = models.CharField(_("event"), max_length=40)
    at = models.DateTimeField(_("at"), db_index=True)
    # PostgreSQL: the id of the writing transaction, set by a trigger (marketplace migration
    # 0008, on this table); the feed orders by (txid, id) and serves only transactions older
    # than every one still running, so a late commit can never land behind a partner's cursor
    # (D66). Always 0 on SQLite, where writers are serialised and id order is commit order.
    txid = models.BigIntegerField(_("transaction id"), default=0, editable=False)

    class Meta:
        db_table = "marketplace_change"
        ordering = ["id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="change_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "id"]),
            models.Index(fields=["txid", "id"], name="change_feed_order"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.event} {self.kind}:{self.object_id}"


class ChangeFeedHorizon(models.Model):
    """One row: the latest feed position whose change retention removed while it was still an
    object's last word (a tombstone, D183). A partner whose cursor is at or before it may have
    missed that deletion, so the feed answers 410 `cursor_expired` and the partner starts again
    from the beginning, which still holds the latest change of every public object."""

    key = models.CharField(max_length=20, unique=True, default="default")
    txid = models.BigIntegerField(default=0)
    change_id = models.BigIntegerField(default=0)
    at = models.DateTimeField(null=True, blank=True)  # when that change was made
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("change feed horizon")
        verbose_name_plural = _("change feed horizon")

    def __str__(self) -> str:
        return f"{self.key}: ({self.txid}, {self.change_id})"
