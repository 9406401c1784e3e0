"""Complaints about an order: a thread of messages between the buyer, the storefront and, once
escalated, a moderator, ending in a decision or a withdrawal (Decree 52/2013, art. on disputes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    ESCALATED = "escalated", _("Escalated")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ComplaintReason(models.TextChoices):
    NOT_RECEIVED = "not_received", _("Not received")
    DAMAGED = "damaged", _("Damaged")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    WRONG_ITEMS = "wrong_items", _("Wrong or missing items")
    QUALITY = "quality", _("Quality or food safety")
    OTHER = "other", _("Other")


class ComplaintDecision(models.TextChoices):
    FOR_BUYER = "for_buyer", _("Resolved for the buyer")
    FOR_STOREFRONT = "for_storefront", _("Resolved for the storefront")
    REJECTED = "rejected", _("Rejected")


class ComplaintRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    STOREFRONT = "storefront", _("Storefront")
    MODERATOR = "moderator", _("Moderator")


class Complaint(models.Model):
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("order")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ComplaintReason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    status_reason = models.TextField(_("reason of the last move"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=ComplaintDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=ComplaintDecision.values),
                name="complaint_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"


class ComplaintMessage(models.Model):
    """Every message and decision of a complaint, kept: nothing here is edited or deleted."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="messages", verbose_name=_("complaint")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ComplaintRole.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint message")
        verbose_name_plural = _("complaint messages")

    def __str__(self) -> str:
        return self.body[:50]


class Page(models.Model):
    """A page of text the operator edits in the admin (the complaint procedure, for now)."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title
