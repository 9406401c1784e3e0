"""Serializers of the exchange: people, regions, storefronts, the audit log."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.renderers import json_datetime
from core.models import AuditLog
from core.validators import validate_visible_name
from marketplace.models import (
    Commune,
    MemberRole,
    Province,
    User,
    Vendor,
    VendorInvitation,
    VendorKind,
    VendorMembership,
    VendorStatus,
)
from marketplace.selectors import communes, provinces, user_roles
from marketplace.validators import normalize_phone, validate_phone, validate_tax_code
from media.api.serializers import ImageSerializer, brands_data, vendor_brand_data


class ProvinceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "division_type", "codename"]


class CommuneRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name"]


class CommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name", "division_type", "codename", "province"]


class VendorRefSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(read_only=True)

    class Meta:
        model = Vendor
        fields = ["slug", "display_name", "kind", "province"]


class RatingSerializer(serializers.Serializer):
    """The published reviews' average stars (two decimals; null without reviews) and count."""

    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


def rating_data(obj: Any) -> dict[str, Any]:
    """A product's or storefront's kept `rating_avg` / `rating_count` (D136), as shown."""
    avg = obj.rating_avg
    return {"average": None if avg is None else float(avg), "count": obj.rating_count}


class VendorPublicSerializer(serializers.ModelSerializer):
    """A storefront with the seller identity the exchange must show (Decree 52/2013, 85/2021)."""

    province = ProvinceRefSerializer(read_only=True)
    commune = CommuneRefSerializer(read_only=True)
    product_count = serializers.SerializerMethodField()
    logo = serializers.SerializerMethodField()
    banner = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Vendor
        fields = [
            "slug",
            "display_name",
            "legal_name",
            "kind",
            "tax_code",
            "business_registration_number",
            "street_address",
            "commune",
            "province",
            "phone",
            "email",
            "website",
            "description",
            "status",
            "status_reason",
            "approved_at",
            "product_count",
            "logo",
            "banner",
            "rating",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_product_count(self, obj: Vendor) -> int | None:
        return getattr(obj, "product_count", None)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, obj: Vendor) -> dict[str, Any]:
        return rating_data(obj)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, obj: Vendor) -> dict[str, Any] | None:
        return vendor_brand_data(obj, "logo")

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_banner(self, obj: Vendor) -> dict[str, Any] | None:
        return vendor_brand_data(obj, "banner")


class PossibleDuplicateSerializer(serializers.Serializer):
    """Another storefront a moderator should compare with this one (D92)."""

    slug = serializers.CharField(source="vendor.slug")
    display_name = serializers.CharField(source="vendor.display_name")
    legal_name = serializers.CharField(source="vendor.legal_name")
    tax_code = serializers.CharField(source="vendor.tax_code")
    status = serializers.ChoiceField(source="vendor.status", choices=VendorStatus.choices)
    similarity = serializers.FloatField(help_text=_("1.0 for the same name (legal forms aside)."))
    reason = serializers.ChoiceField(
        choices=[("name", "name"), ("tax_code", "tax_code")],
        help_text=_("name: the names fold close; tax_code: the same 10-digit root (a branch)."),
    )


class VendorDetailSerializer(VendorPublicSerializer):
    """One storefront; to moderators also the storefronts it may duplicate."""

    possible_duplicates = serializers.SerializerMethodField(
        help_text=_(
            "Moderators: storefronts with close names or the same tax-code root, closest "
            "first. null for everyone else."
        )
    )

    class Meta(VendorPublicSerializer.Meta):
        fields = [*VendorPublicSerializer.Meta.fields, "possible_duplicates"]

    @extend_schema_field(PossibleDuplicateSerializer(many=True, allow_null=True))
    def get_possible_duplicates(self, obj: Vendor) -> list[dict[str, Any]] | None:
        found = self.context.get("possible_duplicates")
        if found is None:
            return None
        return list(PossibleDuplicateSerializer(found, many=True).data)


# Plain functions for the same shapes (issue 11): public lists render them per row without a
# serializer instance each; the classes above stay the schema and the reference they are
# tested against (tests/marketplace/test_render.py). Places come from the reference tables by
# code (core/reference.py), so a list's page query need not join them.


def province_ref(province: Province | None) -> dict[str, Any] | None:
    return None if province is None else {"code": province.code, "name": province.name}


def commune_ref(commune: Commune | None) -> dict[str, Any] | None:
    return None if commune is None else {"code": commune.code, "name": commune.name}


def vendor_ref(vendor: Vendor) -> dict[str, Any]:
    """VendorRefSerializer(vendor).data, without the serializer."""
    return {
        "slug": vendor.slug,
        "display_name": vendor.display_name,
        "kind": vendor.kind,
        "province": province_ref(provinces.get(vendor.province_id)),
    }


def vendor_public_data(
    vendor: Vendor, brand: dict[str, dict[str, Any] | None] | None = None
) -> dict[str, Any]:
    """VendorPublicSerializer(vendor).data, without the serializer. `brand` is its logo and
    banner as vendor_rows reads them for a whole page."""
    if brand is None:
        brand = {
            "logo": vendor_brand_data(vendor, "logo"),
            "banner": vendor_brand_data(vendor, "banner"),
        }
    return {
        "slug": vendor.slug,
        "display_name": vendor.display_name,
        "legal_name": vendor.legal_name,
        "kind": vendor.kind,
        "tax_code": vendor.tax_code,
        "business_registration_number": vendor.business_registration_number,
        "street_address": vendor.street_address,
        "commune": commune_ref(communes.get(vendor.commune_id)),
        "province": province_ref(provinces.get(vendor.province_id)),
        "phone": vendor.phone,
        "email": vendor.email,
        "website": vendor.website,
        "description": vendor.description,
        "status": vendor.status,
        "status_reason": vendor.status_reason,
        "approved_at": json_datetime(vendor.approved_at),
        "product_count": getattr(vendor, "product_count", None),
        "logo": brand["logo"],
        "banner": brand["banner"],
        "rating": rating_data(vendor),
    }


NO_BRAND: dict[str, dict[str, Any] | None] = {"logo": None, "banner": None}


def vendor_rows(vendors: list[Vendor]) -> list[dict[str, Any]]:
    """The rows of a page of storefronts: every logo and banner in two queries."""
    brands = brands_data([vendor.pk for vendor in vendors])
    return [vendor_public_data(vendor, brands.get(vendor.pk, NO_BRAND)) for vendor in vendors]


class VendorWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VendorKind.choices)
    legal_name = serializers.CharField(max_length=255, validators=[validate_visible_name])
    display_name = serializers.CharField(max_length=255, validators=[validate_visible_name])
    tax_code = serializers.CharField(max_length=14, validators=[validate_tax_code])
    business_registration_number = serializers.CharField(
        max_length=50, required=False, allow_blank=True
    )
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        help_text=_("Province code (optional check)."),
    )
    commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), help_text=_("Official commune code.")
    )
    street_address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, validators=[validate_phone])
    email = serializers.EmailField()
    website = serializers.URLField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)

    def validate_phone(self, value: str) -> str:
        return normalize_phone(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        province = attrs.pop("province", None)
        commune = attrs.get("commune") or getattr(self.instance, "commune", None)
        if province is not None and commune is not None and commune.province_id != province.pk:
            raise serializers.ValidationError(
                {"commune": [_("This commune is not in the chosen province.")]}
            )
        if (
            attrs.get("kind") in (VendorKind.ENTERPRISE, VendorKind.COOPERATIVE)
            and len(attrs.get("tax_code", "")) == 12
        ):
            raise serializers.ValidationError(
                {"tax_code": [_("Enterprises and cooperatives have a 10-digit tax code.")]}
            )
        return attrs


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = VendorMembership
        fields = ["id", "email", "full_name", "role", "created_at"]


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.STAFF)


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = VendorInvitation
        fields = ["id", "email", "role", "created_at", "expires_at", "accepted_at"]


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class MyVendorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    status = serializers.CharField()
    role = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    vendors = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "phone", "roles", "vendors", "date_joined"]
        read_only_fields = ["id", "email", "roles", "vendors", "date_joined"]
        extra_kwargs = {"full_name": {"validators": [validate_visible_name]}}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_roles(self, obj: User) -> list[str]:
        return user_roles(obj)

    @extend_schema_field(MyVendorSerializer(many=True))
    def get_vendors(self, obj: User) -> list[dict[str, str]]:
        return [
            {
                "slug": m.vendor.slug,
                "display_name": m.vendor.display_name,
                "status": m.vendor.status,
                "role": m.role,
            }
            for m in obj.vendor_memberships.all()
        ]

    def validate_phone(self, value: str) -> str:
        if value:
            validate_phone(value)
        return normalize_phone(value)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2000)


# The shape of a sign-up; `user_register` owns the rules (and re-checks the e-mail).
class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)
    full_name = serializers.CharField(max_length=200, validators=[validate_visible_name])
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)

    def validate_email(self, value: str) -> str:
        # Never "already taken" here: the answer must not tell who has an account (D106).
        return value.strip().lower()

    def validate_phone(self, value: str) -> str:
        if value:
            validate_phone(value)
        return normalize_phone(value)


class RegistrationAcceptedSerializer(serializers.Serializer):
    """The answer to a sign-up, the same whether or not the e-mail already had an account."""

    email = serializers.EmailField(read_only=True)
    detail = serializers.CharField(read_only=True)


class AuditLogSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditLog
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "from_state",
            "to_state",
            "reason",
            "data",
        ]

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_actor(self, obj: AuditLog) -> str | None:
        return obj.actor.email if obj.actor else None

    def get_target_type(self, obj: AuditLog) -> str:
        return f"{obj.target_type.app_label}.{obj.target_type.model}"
