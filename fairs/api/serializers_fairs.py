"""Fair serializers: parse organizer input for the services, render fairs and booth types."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import CategoryRefSerializer
from catalog.models import Category
from core.api.bounds import INT32_MAX
from core.api.renderers import json_datetime
from core.validators import validate_visible_name
from fairs.models import ApprovalMode, BoothType, Fair, FairKind, FairStatus
from marketplace.api.serializers import (
    CommuneRefSerializer,
    ProvinceRefSerializer,
    commune_ref,
    province_ref,
)
from marketplace.models import Commune, Province, User


class BoothTypeSerializer(serializers.ModelSerializer):
    held = serializers.SerializerMethodField(help_text=_("Booths held by exhibitors."))
    waiting = serializers.SerializerMethodField(help_text=_("Applications on the waiting list."))
    available = serializers.SerializerMethodField(help_text=_("Booths still free."))

    class Meta:
        model = BoothType
        fields = [
            "id",
            "name",
            "size",
            "price",
            "count",
            "position",
            "description",
            "held",
            "waiting",
            "available",
        ]

    @extend_schema_field(serializers.IntegerField())
    def get_held(self, obj: BoothType) -> int:
        return int(getattr(obj, "held", 0) or 0)

    @extend_schema_field(serializers.IntegerField())
    def get_waiting(self, obj: BoothType) -> int:
        return int(getattr(obj, "waiting", 0) or 0)

    @extend_schema_field(serializers.IntegerField())
    def get_available(self, obj: BoothType) -> int:
        return max(obj.count - self.get_held(obj), 0)


class BoothTypeWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, validators=[validate_visible_name])
    size = serializers.CharField(max_length=40, required=False, allow_blank=True)
    price = serializers.IntegerField(min_value=0, help_text=_("VND, an integer."))
    count = serializers.IntegerField(min_value=0, max_value=100_000)
    position = serializers.IntegerField(min_value=0, max_value=INT32_MAX, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class FairListSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(read_only=True)
    commune = CommuneRefSerializer(read_only=True)
    registration_open = serializers.SerializerMethodField()

    class Meta:
        model = Fair
        fields = [
            "slug",
            "name",
            "kind",
            "status",
            "venue",
            "province",
            "commune",
            "street_address",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "approval_mode",
            "visitor_capacity",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_registration_open(self, obj: Fair) -> bool:
        now = timezone.now()
        return (
            obj.status == FairStatus.OPEN
            and obj.registration_opens_at <= now < obj.registration_closes_at
        )


def fair_card(fair: Fair) -> dict[str, Any]:
    """FairListSerializer(fair).data as a plain function: the row of the fair list (issue 11).
    FairListSerializer stays the schema; tests/fairs/test_render.py holds the two equal."""
    now = timezone.now()
    return {
        "slug": fair.slug,
        "name": fair.name,
        "kind": fair.kind,
        "status": fair.status,
        "venue": fair.venue,
        "province": province_ref(fair.province),
        "commune": commune_ref(fair.commune),
        "street_address": fair.street_address,
        "online_url": fair.online_url,
        "starts_at": json_datetime(fair.starts_at),
        "ends_at": json_datetime(fair.ends_at),
        "registration_opens_at": json_datetime(fair.registration_opens_at),
        "registration_closes_at": json_datetime(fair.registration_closes_at),
        "registration_open": fair.status == FairStatus.OPEN
        and fair.registration_opens_at <= now < fair.registration_closes_at,
        "approval_mode": fair.approval_mode,
        "visitor_capacity": fair.visitor_capacity,
    }


def fair_cards(fairs: Iterable[Fair]) -> list[dict[str, Any]]:
    return [fair_card(fair) for fair in fairs]


class FairDetailSerializer(FairListSerializer):
    booth_types = BoothTypeSerializer(many=True, read_only=True)
    allowed_provinces = ProvinceRefSerializer(many=True, read_only=True)
    allowed_categories = CategoryRefSerializer(many=True, read_only=True)
    organizers = serializers.SerializerMethodField(help_text=_("Names of the organizers."))

    class Meta(FairListSerializer.Meta):
        fields = [
            *FairListSerializer.Meta.fields,
            "description",
            "min_ocop_stars",
            "allowed_provinces",
            "allowed_categories",
            "booth_types",
            "organizers",
            "status_reason",
            "published_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organizers(self, obj: Fair) -> list[str]:
        return [link.user.get_full_name() for link in obj.organizer_links.all()]


class FairWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, validators=[validate_visible_name])
    kind = serializers.ChoiceField(choices=FairKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=255)
    province: serializers.PrimaryKeyRelatedField[Province] = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(), required=False, allow_null=True
    )
    commune: serializers.PrimaryKeyRelatedField[Commune] = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), required=False, allow_null=True
    )
    street_address = serializers.CharField(required=False, allow_blank=True, max_length=255)
    online_url = serializers.URLField(required=False, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    registration_opens_at = serializers.DateTimeField()
    registration_closes_at = serializers.DateTimeField()
    min_ocop_stars = serializers.IntegerField(
        min_value=3, max_value=5, required=False, allow_null=True
    )
    # A 32-bit column on PostgreSQL: a larger number would overflow it (D105).
    visitor_capacity = serializers.IntegerField(
        min_value=0, max_value=INT32_MAX, required=False, allow_null=True
    )
    approval_mode = serializers.ChoiceField(choices=ApprovalMode.choices, required=False)
    allowed_provinces: serializers.PrimaryKeyRelatedField[Province] = (
        serializers.PrimaryKeyRelatedField(
            queryset=Province.objects.all(),
            many=True,
            required=False,
            help_text=_("Province codes; empty: every province."),
        )
    )
    allowed_categories: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        many=True,
        required=False,
        help_text=_("Category slugs (with their descendants); empty: every category."),
    )
    organizers: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text=_("E-mail addresses of organizer accounts that run the fair."),
    )

    def to_service_kwargs(self) -> dict[str, Any]:
        return dict(self.validated_data)
