"""Exhibitor application serializers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import SlugOrIdField
from fairs.models import BoothType, ExhibitorApplication, Fair
from fairs.selectors.exhibitors import waitlist_position
from marketplace.api.serializers import VendorRefSerializer
from marketplace.models import Vendor


class FairRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fair
        fields = ["slug", "name", "status", "starts_at", "ends_at"]


class BoothTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = BoothType
        fields = ["id", "name", "size", "price"]


class ShowcaseProductRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product.id")
    slug = serializers.CharField(source="product.slug")
    name = serializers.CharField(source="product.name")
    status = serializers.CharField(source="product.status")


class ApplicationSerializer(serializers.ModelSerializer):
    fair = FairRefSerializer(read_only=True)
    vendor = VendorRefSerializer(read_only=True)
    booth_type = BoothTypeRefSerializer(read_only=True)
    products = ShowcaseProductRefSerializer(source="showcase_items", many=True, read_only=True)

    class Meta:
        model = ExhibitorApplication
        fields = [
            "id",
            "fair",
            "vendor",
            "booth_type",
            "quantity",
            "products",
            "contact_name",
            "contact_phone",
            "contact_email",
            "note",
            "status",
            "status_reason",
            "booth_number",
            "waitlisted_at",
            "submitted_at",
            "decided_at",
            "cancelled_at",
        ]


class ApplicationDetailSerializer(ApplicationSerializer):
    waitlist_position = serializers.SerializerMethodField(
        help_text=_("1 for the first in line of its booth type; null when not waiting.")
    )

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "waitlist_position"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, obj: ExhibitorApplication) -> int | None:
        return waitlist_position(obj)


class ApplicationCreateSerializer(serializers.Serializer):
    vendor: serializers.SlugRelatedField[Vendor] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Vendor.objects.all(),
        help_text=_("Slug of the applying storefront (you must be one of its members)."),
    )
    booth_type = serializers.IntegerField(help_text=_("Id of one of this fair's booth types."))
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    products = serializers.ListField(
        child=SlugOrIdField(),
        allow_empty=True,
        max_length=100,
        help_text=_(
            "Your published products to show at the fair: their slugs (or, as before, ids)."
        ),
    )
    contact_name = serializers.CharField(max_length=200)
    contact_phone = serializers.CharField(max_length=20)
    contact_email = serializers.EmailField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ApplicationUpdateSerializer(serializers.Serializer):
    products = serializers.ListField(
        child=SlugOrIdField(),
        required=False,
        max_length=100,
        help_text=_("The showcase products: their slugs (or, as before, ids)."),
    )
    contact_name = serializers.CharField(max_length=200, required=False)
    contact_phone = serializers.CharField(max_length=20, required=False)
    contact_email = serializers.EmailField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class BoothNumberSerializer(serializers.Serializer):
    booth_number = serializers.CharField(
        max_length=40, allow_blank=True, help_text=_("e.g. A12; empty clears it.")
    )
