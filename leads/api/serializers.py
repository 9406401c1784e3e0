"""Serializers of trade leads: the public shape, the poster's input, an offer, alerts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Category, Product, Unit
from leads.models import Lead, LeadKind, LeadOffer
from marketplace.models import Commune, Province, Vendor
from marketplace.validators import normalize_phone, validate_phone

INT32 = 2**31 - 1
INT64 = 2**63 - 1


class RegionRefSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()


class LeadContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class LeadSerializer(serializers.ModelSerializer):
    """A lead as everyone sees it; `contact` is null unless the reader is signed in and a
    storefront member (or the poster, or a moderator)."""

    category: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    unit: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    province = RegionRefSerializer(read_only=True)
    commune = RegionRefSerializer(read_only=True, allow_null=True)
    vendor: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    products: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, many=True
    )
    contact = serializers.SerializerMethodField()
    expired = serializers.SerializerMethodField(
        help_text=_("Past its expiry day: hidden from everyone but its poster and moderators.")
    )

    class Meta:
        model = Lead
        fields = [
            "slug",
            "kind",
            "title",
            "description",
            "category",
            "quantity",
            "unit",
            "target_price",
            "negotiable",
            "province",
            "commune",
            "needed_by",
            "expires_on",
            "expired",
            "vendor",
            "products",
            "status",
            "status_reason",
            "published_at",
            "created_at",
            "contact",
        ]

    def get_expired(self, obj: Lead) -> bool:
        return obj.expires_on <= timezone.localdate()

    @extend_schema_field(LeadContactSerializer(allow_null=True))
    def get_contact(self, obj: Lead) -> dict[str, Any] | None:
        shown = self.context.get("contact_for_all", False) or (
            self.context.get("user_id") is not None and obj.poster_id == self.context["user_id"]
        )
        if not shown:
            return None
        return {"name": obj.contact_name, "phone": obj.contact_phone, "email": obj.contact_email}


class LeadWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LeadKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=INT64)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    target_price = serializers.IntegerField(
        min_value=0, max_value=INT64, required=False, allow_null=True
    )
    negotiable = serializers.BooleanField(required=False, default=False)
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all())
    commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), required=False, allow_null=True
    )
    needed_by = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Default: LEADS_DEFAULT_DAYS from today.")
    )
    contact_name = serializers.CharField(max_length=200)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    vendor = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Vendor.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Sell leads: the storefront posting it."),
    )
    products = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Product.objects.all(),
        many=True,
        required=False,
        help_text=_("Sell leads: slugs of the storefront's published products."),
    )

    def validate_contact_phone(self, value: str) -> str:
        if value:
            validate_phone(value)
        return normalize_phone(value)


class LeadUpdateSerializer(LeadWriteSerializer):
    """What its poster may change (every field optional); kind, storefront and products stay."""

    kind = None  # type: ignore[assignment]
    vendor = None  # type: ignore[assignment]
    products = None  # type: ignore[assignment]


class LeadOfferWriteSerializer(serializers.Serializer):
    vendor = serializers.SlugRelatedField(slug_field="slug", queryset=Vendor.objects.all())
    product = serializers.SlugField(
        help_text=_("Slug of one of the storefront's published products.")
    )
    quantity = serializers.IntegerField(min_value=1, max_value=INT32)
    message = serializers.CharField(max_length=5000)


class LeadOfferSerializer(serializers.ModelSerializer):
    lead: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    vendor: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    inquiry = serializers.IntegerField(source="inquiry_id", read_only=True)

    class Meta:
        model = LeadOffer
        fields = ["id", "lead", "vendor", "inquiry", "created_at"]


class LeadAlertSettingSerializer(serializers.Serializer):
    digest = serializers.BooleanField(help_text=_("The daily e-mail of matching buy leads."))
