"""Serializers of visitor tickets, registrations (organizer view) and check-in scans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.site import site_url
from fairs.models import CheckIn, Fair, RefusalReason, ScanResult, VisitorRegistration
from fairs.selectors.visitors import waitlist_position
from fairs.services.visitors import MAX_BATCH, MAX_CLOCK_AHEAD, ScanOutcome, checkin_window


class RegistrationCreateSerializer(serializers.Serializer):
    attendee_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=_("Default: your name.")
    )
    organization = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    waitlist = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "When the fair is full: true joins its waiting list (201, status “waiting”); "
            "false (default) answers 409 fair_full."
        ),
    )


class TicketFairSerializer(serializers.ModelSerializer):
    """What a visitor needs to find the fair."""

    checkin_opens_at = serializers.SerializerMethodField(
        help_text=_("From when the gates admit visitors (until the fair ends).")
    )

    class Meta:
        model = Fair
        fields = [
            "slug",
            "name",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "street_address",
            "online_url",
            "checkin_opens_at",
        ]

    @extend_schema_field(serializers.DateTimeField())
    def get_checkin_opens_at(self, obj: Fair) -> str:
        opens, _ends = checkin_window(obj)
        return serializers.DateTimeField().to_representation(opens)


class TicketSerializer(serializers.ModelSerializer):
    """A visitor's own ticket, with the signed code its QR carries."""

    fair = TicketFairSerializer(read_only=True)
    code = serializers.SerializerMethodField(
        help_text=_("The signed ticket code (what the QR code contains).")
    )
    qr_svg = serializers.SerializerMethodField()
    qr_png = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField(
        help_text=_("1 for the first in line; null when not on the waiting list.")
    )

    class Meta:
        model = VisitorRegistration
        fields = [
            "id",
            "fair",
            "attendee_name",
            "organization",
            "phone",
            "status",
            "status_reason",
            "code",
            "qr_svg",
            "qr_png",
            "created_at",
            "cancelled_at",
            "waitlisted_at",
            "waitlist_position",
            "checked_in_at",
        ]

    def get_waitlist_position(self, obj: VisitorRegistration) -> int | None:
        return waitlist_position(obj)

    def get_code(self, obj: VisitorRegistration) -> str | None:
        return obj.code if obj.status == "active" else None

    def _qr(self, obj: VisitorRegistration, kind: str) -> str:
        path = reverse(f"ticket-qr-{kind}", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else f"{site_url()}{path}"

    def get_qr_svg(self, obj: VisitorRegistration) -> str:
        return self._qr(obj, "svg")

    def get_qr_png(self, obj: VisitorRegistration) -> str:
        return self._qr(obj, "png")


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as the fair's organizers see it (no ticket code)."""

    email = serializers.EmailField(source="user.email", read_only=True)
    checked_in_by = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField(
        help_text=_("1 for the first in line; null when not on the waiting list.")
    )

    class Meta:
        model = VisitorRegistration
        fields = [
            "id",
            "email",
            "attendee_name",
            "organization",
            "phone",
            "status",
            "status_reason",
            "created_at",
            "cancelled_at",
            "waitlisted_at",
            "waitlist_position",
            "checked_in_at",
            "checked_in_by",
            "checked_in_device",
        ]

    def get_waitlist_position(self, obj: VisitorRegistration) -> int | None:
        return waitlist_position(obj)

    def get_checked_in_by(self, obj: VisitorRegistration) -> str:
        by = obj.checked_in_by
        return by.get_full_name() if by else ""


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200, trim_whitespace=True)
    device = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text=_("Gate/device.")
    )
    scan_id = serializers.UUIDField(
        required=False, help_text=_("Chosen by the device; a repeated scan_id is stored once.")
    )
    scanned_at = serializers.DateTimeField(required=False, help_text=_("Default: now."))

    def validate_scanned_at(self, value: datetime) -> datetime:
        if value > timezone.now() + MAX_CLOCK_AHEAD:
            raise serializers.ValidationError(
                _("This time is in the future: check the scanning device's clock.")
            )
        return value


class BatchScanSerializer(ScanSerializer):
    scan_id = serializers.UUIDField()
    scanned_at = serializers.DateTimeField()


class BatchSerializer(serializers.Serializer):
    scans = BatchScanSerializer(many=True, allow_empty=False)

    def validate_scans(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > MAX_BATCH:
            raise serializers.ValidationError(
                _("At most %(n)s scans per upload; split it.") % {"n": MAX_BATCH}
            )
        return value


class FirstScanSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField()
    device = serializers.CharField()


class ScanTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    attendee_name = serializers.CharField()
    organization = serializers.CharField()
    status = serializers.CharField()


class ScanOutcomeSerializer(serializers.Serializer):
    """What the gate shows. `already_checked_in` with `first_scan` says who let the person in."""

    scan_id = serializers.UUIDField(source="scan.scan_id")
    result = serializers.ChoiceField(choices=ScanResult.choices, source="scan.result")
    refusal = serializers.ChoiceField(
        choices=[("", "—"), *RefusalReason.choices], source="scan.refusal"
    )
    duplicate = serializers.BooleanField(
        help_text=_("This scan_id had been received before; nothing was recorded again.")
    )
    already_checked_in = serializers.SerializerMethodField()
    scanned_at = serializers.DateTimeField(source="scan.scanned_at")
    ticket = serializers.SerializerMethodField()
    first_scan = FirstScanSerializer(allow_null=True)

    def get_already_checked_in(self, obj: ScanOutcome) -> bool:
        return obj.scan.result == ScanResult.REPEAT

    @extend_schema_field(ScanTicketSerializer(allow_null=True))
    def get_ticket(self, obj: ScanOutcome) -> dict[str, Any] | None:
        reg = obj.registration
        if reg is None:
            return None
        return {
            "id": reg.pk,
            "attendee_name": reg.attendee_name,
            "organization": reg.organization,
            "status": reg.status,
        }


class BatchCountsSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    accepted = serializers.IntegerField(help_text=_("New scans of valid tickets."))
    admitted = serializers.IntegerField(help_text=_("First entries."))
    repeat = serializers.IntegerField(help_text=_("Tickets already checked in."))
    duplicate = serializers.IntegerField(help_text=_("Scans received before (same scan_id)."))
    refused = serializers.IntegerField()


class BatchResultSerializer(serializers.Serializer):
    counts = BatchCountsSerializer()
    results = ScanOutcomeSerializer(many=True)


class CheckInSerializer(serializers.ModelSerializer):
    attendee_name = serializers.CharField(
        source="registration.attendee_name", default="", read_only=True
    )
    scanned_by = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "scan_id",
            "registration",
            "attendee_name",
            "result",
            "refusal",
            "scanned_at",
            "received_at",
            "device",
            "scanned_by",
        ]

    def get_scanned_by(self, obj: CheckIn) -> str:
        return obj.scanned_by.get_full_name() if obj.scanned_by else ""
