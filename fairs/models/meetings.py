"""B2B matchmaking (kết nối cung cầu): time slots, tables, and one-to-one meetings.

A buyer requests a meeting with an exhibiting storefront; the storefront accepts it into a slot
(a table is assigned) or declines. Partial unique constraints make sure that, among booked
meetings (accepted or held), no buyer, no storefront and no table appears twice in one slot;
the accept service also checks this under the slot's row lock so people get a clear answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fairs.models.fairs import Fair
from marketplace.models import Vendor


class MeetingSlot(models.Model):
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="meeting_slots", verbose_name=_("fair")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["fair", "starts_at", "id"]
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        constraints = [
            models.UniqueConstraint(fields=["fair", "starts_at"], name="meeting_slot_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        from django.utils import timezone

        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


class MeetingTable(models.Model):
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="meeting_tables", verbose_name=_("fair")
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. B01"))
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Tables out of use get no new meetings.")
    )

    class Meta:
        ordering = ["fair", "position", "name", "id"]
        verbose_name = _("meeting table")
        verbose_name_plural = _("meeting tables")
        constraints = [
            models.UniqueConstraint(fields=["fair", "name"], name="meeting_table_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted (slot booked)")
    DECLINED = "declined", _("Declined")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


# Meetings that occupy their slot, buyer, storefront and table.
BOOKED_STATUSES = frozenset({MeetingStatus.ACCEPTED, MeetingStatus.HELD})
_BOOKED = sorted(s.value for s in BOOKED_STATUSES)


class Meeting(models.Model):
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("fair")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_meetings",
        verbose_name=_("buyer"),
    )
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.CASCADE,
        related_name="fair_meetings",
        verbose_name=_("exhibitor"),
    )
    message = models.TextField(_("message"), blank=True)
    preferred_slots = models.ManyToManyField(
        MeetingSlot, blank=True, related_name="+", verbose_name=_("preferred slots")
    )

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.REQUESTED,
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    slot = models.ForeignKey(
        MeetingSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("slot"),
    )
    table = models.ForeignKey(
        MeetingTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("table"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    # Outcome, recorded once the slot has passed.
    deal_signed = models.BooleanField(_("deal signed"), default=False)
    deal_value = models.PositiveBigIntegerField(_("deal value (VND)"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fair", "created_at", "id"]
        verbose_name = _("B2B meeting")
        verbose_name_plural = _("B2B meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            # Booked meetings have a slot and a table; requests and declines have neither.
            models.CheckConstraint(
                condition=~Q(status__in=[*_BOOKED, MeetingStatus.NO_SHOW])
                | Q(slot__isnull=False, table__isnull=False),
                name="meeting_booked_has_slot_and_table",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[MeetingStatus.REQUESTED, MeetingStatus.DECLINED])
                | Q(slot__isnull=True, table__isnull=True),
                name="meeting_unbooked_has_no_slot",
            ),
            models.CheckConstraint(
                condition=Q(deal_signed=False, deal_value__isnull=True)
                | Q(deal_signed=True, status=MeetingStatus.HELD),
                name="meeting_deal_only_when_held",
            ),
            # Never two booked meetings for one buyer, one storefront or one table in a slot.
            models.UniqueConstraint(
                fields=["slot", "buyer"],
                condition=Q(status__in=_BOOKED),
                name="meeting_slot_buyer_unique",
            ),
            models.UniqueConstraint(
                fields=["slot", "vendor"],
                condition=Q(status__in=_BOOKED),
                name="meeting_slot_vendor_unique",
            ),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(status__in=_BOOKED),
                name="meeting_slot_table_unique",
            ),
            # One open request per buyer and storefront at a fair.
            models.UniqueConstraint(
                fields=["fair", "buyer", "vendor"],
                condition=Q(status=MeetingStatus.REQUESTED),
                name="meeting_one_open_request",
            ),
        ]
        indexes = [
            models.Index(fields=["fair", "status"]),
            models.Index(fields=["buyer", "fair"]),
            models.Index(fields=["vendor", "fair"]),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.vendor} @ {self.fair}"
