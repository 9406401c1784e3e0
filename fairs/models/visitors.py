"""Visitor registrations (tickets) and the scans made at the gates.

A registration is a ticket: its random token is what the QR code carries, signed
(fairs/tickets.py). Capacity counts active registrations. A registration made when the fair
is full may instead wait (`waiting`, in `waitlisted_at` order) until a place is freed; its code
is never shown and never admits. One live (active or waiting) registration per (fair, user) is
a database constraint. Every scan — first, repeated or refused — is one
`CheckIn` row keyed by the scanning device's own id (`scan_id`), so an offline batch uploaded
twice is recorded once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairs.models.fairs import Fair
from fairs.tickets import code_for


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# A person holds at most one of these per fair (a ticket, or a place on the waiting list).
LIVE_REGISTRATION_STATUSES = (RegistrationStatus.ACTIVE, RegistrationStatus.WAITING)


class VisitorRegistration(models.Model):
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("fair")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_registrations",
        verbose_name=_("visitor"),
    )
    # Random, 128 bits (fairs.tickets.token_new); never shown without its signature.
    token = models.CharField(_("ticket token"), max_length=40, unique=True, editable=False)
    attendee_name = models.CharField(_("name on the ticket"), max_length=200)
    organization = models.CharField(_("organisation"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.ACTIVE,
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set while waiting: the queue's order is (waitlisted_at, id).
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)

    # The first admitting scan; later scans only add CheckIn rows.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    checked_in_device = models.CharField(_("checked in at gate/device"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visitor registration")
        verbose_name_plural = _("visitor registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.UniqueConstraint(
                fields=["fair", "user"],
                condition=Q(status__in=LIVE_REGISTRATION_STATUSES),
                name="registration_one_live_per_user",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.WAITING) | Q(waitlisted_at__isnull=False),
                name="registration_waiting_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["fair", "status"]),
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.attendee_name} @ {self.fair}"

    @property
    def code(self) -> str:
        return code_for(self.token)


class ScanResult(models.TextChoices):
    ADMITTED = "admitted", _("Admitted (first scan)")
    REPEAT = "repeat", _("Already checked in")
    REFUSED = "refused", _("Refused")


class RefusalReason(models.TextChoices):
    INVALID_CODE = "invalid_code", _("Not a ticket of this exchange (forged or altered)")
    UNKNOWN_TICKET = "unknown_ticket", _("No such ticket")
    WRONG_FAIR = "wrong_fair", _("Ticket for another fair")
    CANCELLED = "cancelled", _("Ticket cancelled")
    WAITING = "waiting", _("On the waiting list (no ticket yet)")
    NOT_OPEN = "checkin_not_open", _("Check-in not open yet")
    ENDED = "fair_ended", _("The fair has ended")


class CheckIn(models.Model):
    """One scan at a gate, online or uploaded later from an offline device."""

    # Chosen by the scanning device; the same scan uploaded again is recognised by it.
    scan_id = models.UUIDField(_("scan id"), unique=True, default=uuid.uuid4, editable=False)
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("fair")
    )
    registration = models.ForeignKey(
        VisitorRegistration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("registration"),
    )
    result = models.CharField(_("result"), max_length=10, choices=ScanResult.choices)
    refusal = models.CharField(
        _("refusal reason"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    device = models.CharField(_("gate/device"), max_length=100, blank=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned by"),
    )

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("check-in scan")
        verbose_name_plural = _("check-in scans")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=ScanResult.values), name="checkin_result_valid"
            ),
            models.CheckConstraint(
                condition=(Q(result=ScanResult.REFUSED) & ~Q(refusal=""))
                | (~Q(result=ScanResult.REFUSED) & Q(refusal="", registration__isnull=False)),
                name="checkin_refusal_iff_refused",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(result=ScanResult.ADMITTED),
                name="checkin_one_admission_per_ticket",
            ),
        ]
        indexes = [models.Index(fields=["fair", "result"])]

    def __str__(self) -> str:
        return f"{self.result} {self.scan_id}"
