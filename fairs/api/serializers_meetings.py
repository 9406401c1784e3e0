"""Serializers of B2B matchmaking: slots, tables, meetings and the moves on them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.bounds import INT32_MAX
from core.validators import validate_visible_name
from fairs.api.serializers_exhibitors import FairRefSerializer
from fairs.models import Meeting, MeetingSlot, MeetingStatus, MeetingTable
from fairs.services.schedule import MAX_TABLES_PER_GENERATION
from marketplace.api.serializers import VendorRefSerializer


class SlotSerializer(serializers.ModelSerializer):
    booked = serializers.IntegerField(
        read_only=True, help_text=_("Meetings booked in this slot (accepted or held).")
    )

    class Meta:
        model = MeetingSlot
        fields = ["id", "starts_at", "ends_at", "booked"]


class SlotCreateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=240, default=20)


class SlotGenerateSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("Day of the slots (local time, Asia/Ho_Chi_Minh)."))
    start = serializers.TimeField(help_text=_("e.g. 09:00"))
    end = serializers.TimeField(help_text=_("e.g. 12:00; the last slot ends by then."))
    every_minutes = serializers.IntegerField(min_value=5, max_value=240, default=20)
    duration_minutes = serializers.IntegerField(
        min_value=5, max_value=240, required=False, help_text=_("Default: every_minutes.")
    )


class TableSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingTable
        fields = ["id", "name", "position", "is_active"]


class TableCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40, validators=[validate_visible_name])
    position = serializers.IntegerField(min_value=0, max_value=INT32_MAX, default=0)


class TableUpdateSerializer(serializers.Serializer):
    is_active = serializers.BooleanField()


class TableGenerateSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=MAX_TABLES_PER_GENERATION)
    prefix = serializers.CharField(max_length=10, default="B", allow_blank=True)


class SlotRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSlot
        fields = ["id", "starts_at", "ends_at"]


class TableRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingTable
        fields = ["id", "name"]


class MeetingBuyerSerializer(serializers.Serializer):
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class MeetingSerializer(serializers.ModelSerializer):
    fair = FairRefSerializer(read_only=True)
    buyer = MeetingBuyerSerializer(read_only=True)
    vendor = VendorRefSerializer(read_only=True)
    preferred_slots = SlotRefSerializer(many=True, read_only=True)
    slot = SlotRefSerializer(read_only=True, allow_null=True)
    table = TableRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "fair",
            "status",
            "status_reason",
            "buyer",
            "vendor",
            "message",
            "preferred_slots",
            "slot",
            "table",
            "decided_at",
            "deal_signed",
            "deal_value",
            "outcome_note",
            "created_at",
            "updated_at",
        ]


class MeetingRequestSerializer(serializers.Serializer):
    vendor = serializers.SlugField(help_text=_("Slug of an exhibiting storefront."))
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    preferred_slots = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=20
    )


class MeetingAcceptSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)
    table = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("Default: the first free table.")
    )


class MeetingOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[MeetingStatus.HELD, MeetingStatus.NO_SHOW])
    deal_signed = serializers.BooleanField(default=False)
    deal_value = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text=_("VND, whole number.")
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
