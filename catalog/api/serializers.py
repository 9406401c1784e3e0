"""Catalogue serializers: parse input for services, render products and certificates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.detail import product_detail_sections
from catalog.models import (
    Availability,
    AwardLevel,
    AwardProductGroup,
    AwardRegion,
    Category,
    IssuingLevel,
    OcopCertificate,
    Product,
    RuralIndustryAward,
    Unit,
)
from catalog.scans import ScanLink, scan_link, scan_viewer
from catalog.selectors import CARD_FIELDS, categories, units
from catalog.validators import validate_gtin
from core.api.renderers import json_datetime
from core.errors import ValidationFailed
from core.validators import validate_visible_name
from marketplace.api.serializers import (
    CommuneRefSerializer,
    ProvinceRefSerializer,
    RatingSerializer,
    VendorPublicSerializer,
    VendorRefSerializer,
    commune_ref,
    province_ref,
    rating_data,
    vendor_public_data,
)
from marketplace.models import Commune, Vendor
from marketplace.selectors import communes, provinces
from media.api.serializers import GalleryImageSerializer, galleries_data, gallery_data
from media.selectors import product_gallery
from media.validation import SCAN_FORMATS, inspect, read_upload

MAX_ATTRIBUTES = 30


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "name_en", "path"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["code", "name", "name_en"]


class CategoryNodeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    path = serializers.CharField()
    product_count = serializers.IntegerField()
    children = serializers.ListField(child=serializers.DictField())


class CertificatePublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = OcopCertificate
        fields = [
            "id",
            "stars",
            "score",
            "certificate_number",
            "decision_number",
            "decision_date",
            "issuing_body",
            "issuing_level",
            "issue_date",
            "expires_on",
        ]


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate as its storefront and moderators see it."""

    product: serializers.SlugRelatedField[Product] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    valid_today = serializers.SerializerMethodField()
    scan = serializers.SerializerMethodField()
    scan_expires_at = serializers.SerializerMethodField()

    class Meta:
        model = OcopCertificate
        fields = [
            *CertificatePublicSerializer.Meta.fields,
            "product",
            "scan",
            "scan_expires_at",
            "status",
            "status_reason",
            "verified_at",
            "valid_today",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_valid_today(self, obj: OcopCertificate) -> bool:
        return obj.status == "verified" and obj.expires_on > timezone.localdate()

    def _scan_link(self, obj: OcopCertificate) -> ScanLink | None:
        """A signed link for the storefront's members and moderators; nothing for others
        (D96). Made once per certificate and viewer check memoised per storefront."""
        context = cast(dict[str, Any], self.context)
        request = context.get("request")
        if request is None or not obj.scan:
            return None
        links: dict[int, ScanLink | None] = context.setdefault("_scan_links", {})
        if obj.pk not in links:
            viewers: dict[int, bool] = context.setdefault("_scan_viewers", {})
            if obj.vendor_id not in viewers:
                viewers[obj.vendor_id] = scan_viewer(request.user, obj)
            links[obj.pk] = scan_link(obj) if viewers[obj.vendor_id] else None
        return links[obj.pk]

    @extend_schema_field(
        serializers.URLField(
            allow_null=True,
            help_text="A signed link to the scan, for the storefront's members and moderators "
            "only (null for others or without a scan); it works until `scan_expires_at`.",
        )
    )
    def get_scan(self, obj: OcopCertificate) -> str | None:
        link = self._scan_link(obj)
        return None if link is None else scan_url(self.context["request"], link)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_scan_expires_at(self, obj: OcopCertificate) -> str | None:
        link = self._scan_link(obj)
        return None if link is None else json_datetime(link.expires_at)


def scan_url(request: Any, link: ScanLink) -> str:
    path = reverse("certificate-scan-file", args=[link.token])
    return str(request.build_absolute_uri(path))


def validate_scan(file: Any) -> Any:
    """Judge the scan by its content, not its name: PDF, JPEG, PNG or WebP (media.validation;
    catalog.services.certificates then re-encodes pictures without their metadata)."""
    try:
        inspect(read_upload(file, field="scan"), allowed=SCAN_FORMATS, field="scan")
    except ValidationFailed as exc:
        raise serializers.ValidationError(
            [str(m) for m in exc.errors["scan"]], code=exc.code
        ) from None
    return file


class CertificateWriteSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=3, max_value=5)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    certificate_number = serializers.CharField(max_length=100)
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()
    issuing_body = serializers.CharField(max_length=255)
    issuing_level = serializers.ChoiceField(choices=IssuingLevel.choices)
    issue_date = serializers.DateField()
    expires_on = serializers.DateField(
        required=False, help_text=_("Defaults to issue date + 36 months.")
    )
    scan = serializers.FileField(required=False, validators=[validate_scan])


class AwardSerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Product] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    # "" for a national award (no region): said in the schema too (found by the contract walk).
    region = serializers.ChoiceField(choices=AwardRegion.choices, allow_blank=True, read_only=True)

    class Meta:
        model = RuralIndustryAward
        fields = [
            "id",
            "product",
            "level",
            "region",
            "year",
            "product_group",
            "issuer",
            "decision_number",
            "status",
            "status_reason",
            "created_at",
        ]
        read_only_fields = fields


class AwardWriteSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=AwardLevel.choices)
    region = serializers.ChoiceField(choices=AwardRegion.choices, required=False, default="")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    product_group = serializers.ChoiceField(choices=AwardProductGroup.choices)
    issuer = serializers.CharField(max_length=255)
    decision_number = serializers.CharField(max_length=100, required=False, default="")


class ProductListSerializer(serializers.ModelSerializer):
    vendor = VendorRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    unit = UnitSerializer(read_only=True)
    origin_commune = CommuneRefSerializer(read_only=True)
    origin_province = ProvinceRefSerializer(read_only=True)
    ocop_stars = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "vendor",
            "category",
            "unit",
            "price",
            "price_on_request",
            "min_order_quantity",
            "availability",
            "origin_commune",
            "origin_province",
            "ocop_stars",
            "images",
            "rating",
            "status",
            "published_at",
            "updated_at",
        ]

    @extend_schema_field(RatingSerializer)
    def get_rating(self, obj: Product) -> dict[str, Any]:
        return rating_data(obj)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_ocop_stars(self, obj: Product) -> int | None:
        return getattr(obj, "ocop_stars", None)

    @extend_schema_field(GalleryImageSerializer(many=True))
    def get_images(self, obj: Product) -> list[dict[str, Any]]:
        """The gallery in order (prefetched by catalog.selectors), each with its renditions."""
        return gallery_data(product_gallery(obj))


def category_ref(category: Category) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "name_en": category.name_en,
        "path": category.path,
    }


def unit_data(unit: Unit) -> dict[str, Any]:
    return {"code": unit.code, "name": unit.name, "name_en": unit.name_en}


def product_card(product: Product, gallery: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """ProductListSerializer(product).data as a plain function: the row of every public product
    list (issue 11: no serializer instance per row, nor per picture). ProductListSerializer
    stays the schema; tests/catalog/test_render.py holds the two equal. `gallery` is the
    product's pictures as product_cards reads them for a whole page. The card of a model
    instance is the card of its values (product_card_of_row): one shape, written once."""
    if gallery is None:
        gallery = gallery_data(product_gallery(product))
    vendor = product.vendor
    row = {name: getattr(product, name) for name in _PRODUCT_COLUMNS}
    row |= {
        "vendor__slug": vendor.slug,
        "vendor__display_name": vendor.display_name,
        "vendor__kind": vendor.kind,
        "vendor__province_id": vendor.province_id,
        "ocop_stars": getattr(product, "ocop_stars", None),
    }
    return product_card_of_row(row, gallery)


# The product's own columns of a card row: catalog.selectors.CARD_FIELDS less the storefront's.
_PRODUCT_COLUMNS = tuple(name for name in CARD_FIELDS if "__" not in name)


def product_card_of_row(row: dict[str, Any], gallery: list[dict[str, Any]]) -> dict[str, Any]:
    """product_card() of a card row (catalog.selectors.product_card_rows: plain values, no
    model instance, D249), key for key and value for value; tests/search/test_card_rows.py
    holds the two equal."""
    avg = row["rating_avg"]
    return {
        "slug": row["slug"],
        "name": row["name"],
        "vendor": {
            "slug": row["vendor__slug"],
            "display_name": row["vendor__display_name"],
            "kind": row["vendor__kind"],
            "province": province_ref(provinces.get(row["vendor__province_id"])),
        },
        "category": category_ref(categories[row["category_id"]]),
        "unit": unit_data(units[row["unit_id"]]),
        "price": row["price"],
        "price_on_request": row["price_on_request"],
        "min_order_quantity": row["min_order_quantity"],
        "availability": row["availability"],
        "origin_commune": commune_ref(communes.get(row["origin_commune_id"])),
        "origin_province": province_ref(provinces.get(row["origin_province_id"])),
        "ocop_stars": row["ocop_stars"],
        "images": gallery,
        "rating": {"average": None if avg is None else float(avg), "count": row["rating_count"]},
        "status": row["status"],
        "published_at": json_datetime(row["published_at"]),
        "updated_at": json_datetime(row["updated_at"]),
    }


def product_cards(products: Iterable[Product]) -> list[dict[str, Any]]:
    """The cards of a page: every gallery with its renditions in one statement compiled once
    per process (media: galleries_data, D249)."""
    products = list(products)
    galleries = galleries_data([product.pk for product in products])
    return [product_card(product, galleries.get(product.pk, [])) for product in products]


class ProductDetailSerializer(ProductListSerializer):
    vendor = VendorPublicSerializer(read_only=True)  # type: ignore[assignment]
    certificates = serializers.SerializerMethodField()
    awards = serializers.SerializerMethodField()

    class Meta(ProductListSerializer.Meta):
        fields = [
            *ProductListSerializer.Meta.fields,
            "description",
            "gtin",
            "attributes",
            "certificates",
            "awards",
            "status_reason",
            "submitted_at",
            "created_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        """The product's own fields, then the sections other apps registered (D166)."""
        fields = super().get_fields()
        for section in product_detail_sections():
            fields[section.name] = section.field()
        return fields

    @extend_schema_field(CertificatePublicSerializer(many=True))
    def get_certificates(self, obj: Product) -> list[dict[str, Any]]:
        certs = getattr(obj, "valid_certificates", [])
        return CertificatePublicSerializer(certs, many=True).data  # type: ignore[return-value]

    @extend_schema_field(AwardSerializer(many=True))
    def get_awards(self, obj: Product) -> list[dict[str, Any]]:
        return AwardSerializer(getattr(obj, "verified_awards", []), many=True).data  # type: ignore[return-value]


_SCORE = serializers.DecimalField(max_digits=5, decimal_places=2)  # as the serializer shows it


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def certificate_public_data(cert: OcopCertificate) -> dict[str, Any]:
    """CertificatePublicSerializer(cert).data, without the serializer."""
    return {
        "id": cert.pk,
        "stars": cert.stars,
        "score": _SCORE.to_representation(cert.score),
        "certificate_number": cert.certificate_number,
        "decision_number": cert.decision_number,
        "decision_date": _date(cert.decision_date),
        "issuing_body": cert.issuing_body,
        "issuing_level": cert.issuing_level,
        "issue_date": _date(cert.issue_date),
        "expires_on": _date(cert.expires_on),
    }


def award_data(award: RuralIndustryAward, product_slug: str) -> dict[str, Any]:
    """AwardSerializer(award).data, without the serializer (the product's slug given)."""
    return {
        "id": award.pk,
        "product": product_slug,
        "level": award.level,
        "region": award.region,
        "year": award.year,
        "product_group": award.product_group,
        "issuer": award.issuer,
        "decision_number": award.decision_number,
        "status": award.status,
        "status_reason": award.status_reason,
        "created_at": json_datetime(award.created_at),
    }


def product_detail_data(product: Product) -> dict[str, Any]:
    """ProductDetailSerializer(product).data as a plain function, in the same key order: the
    API's detail and the site's product page render this one (issue 15: no serializer instance
    per product, certificate and award). The product comes from catalog.selectors'
    product_detail_queryset / product_detail_public: the card's two-table row (category, unit
    and places from the reference tables) with its storefront whole and the prefetches.
    ProductDetailSerializer stays the schema; tests/test_render_lists.py holds the two equal."""
    data = product_card(product)
    data["vendor"] = vendor_public_data(product.vendor)
    data["description"] = product.description
    data["gtin"] = product.gtin
    data["attributes"] = product.attributes
    data["certificates"] = [
        certificate_public_data(c) for c in getattr(product, "valid_certificates", [])
    ]
    data["awards"] = [award_data(a, product.slug) for a in getattr(product, "verified_awards", [])]
    data["status_reason"] = product.status_reason
    data["submitted_at"] = json_datetime(product.submitted_at)
    data["created_at"] = json_datetime(product.created_at)
    for section in product_detail_sections():
        data[section.name] = section.field().to_representation(product)
    return data


def clean_attributes(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise serializers.ValidationError(_("Attributes are an object of name → value."))
    if len(value) > MAX_ATTRIBUTES:
        raise serializers.ValidationError(_("At most 30 attributes."))
    clean: dict[str, str] = {}
    for key, val in value.items():
        if not isinstance(val, (str, int, float)) or isinstance(val, bool):
            raise serializers.ValidationError(
                _("Attribute “%(key)s” must be text or a number.") % {"key": key}
            )
        if len(str(key)) > 100 or len(str(val)) > 500:
            raise serializers.ValidationError(
                _("Attribute names are at most 100 characters, values 500.")
            )
        clean[str(key).strip()] = str(val).strip()
    return clean


class ProductWriteSerializer(serializers.Serializer):
    vendor = serializers.SlugRelatedField(slug_field="slug", queryset=Vendor.objects.all())
    name = serializers.CharField(max_length=255, validators=[validate_visible_name])
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    price = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10**13)
    price_on_request = serializers.BooleanField(required=False)
    min_order_quantity = serializers.IntegerField(required=False, min_value=1, max_value=10**9)
    availability = serializers.ChoiceField(choices=Availability.choices, required=False)
    origin_commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), required=False, help_text=_("Official commune code.")
    )
    gtin = serializers.CharField(
        required=False, allow_blank=True, max_length=14, validators=[validate_gtin]
    )
    attributes = serializers.JSONField(required=False)

    def validate_attributes(self, value: Any) -> dict[str, str]:
        return clean_attributes(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("price_on_request") and attrs.get("price") is not None:
            raise serializers.ValidationError(
                {"price": [_("Leave the price empty when it is on request.")]}
            )
        return attrs


class ProductUpdateSerializer(ProductWriteSerializer):
    vendor = None  # type: ignore[assignment]
