"""Shapes of the lot API: a storefront's lots and events (read and write), and the public trace
record (documented here; built as plain data by traceability.selectors.trace_record)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Unit
from marketplace.models import Commune
from traceability.models import EventKind, Lot, LotEvent
from traceability.selectors import lot_list_on_product, lot_urls, product_lot_summary
from traceability.stamps import MAX_SERIAL, MAX_STAMPS, PAPERS


class LotEventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = LotEvent
        fields = [
            "id",
            "kind",
            "kind_display",
            "occurred_at",
            "actor_name",
            "place",
            "description",
            "corrects",
            "created_at",
        ]
        read_only_fields = ["id", "kind_display", "created_at"]


class LotEventWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    occurred_at = serializers.DateTimeField()
    actor_name = serializers.CharField(max_length=255)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=LotEvent.objects.all(), required=False, allow_null=True, default=None
    )


class LotSerializer(serializers.ModelSerializer):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    trace_url = serializers.SerializerMethodField()
    short_url = serializers.SerializerMethodField()

    class Meta:
        model = Lot
        fields = [
            "code",
            "public_code",
            "trace_url",
            "short_url",
            "produced_on",
            "best_before",
            "quantity",
            "unit",
            "origin_commune",
            "origin_place",
            "latitude",
            "longitude",
            "status",
            "status_reason",
            "published_at",
            "recalled_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_trace_url(self, obj: Lot) -> str:
        return lot_urls(obj)["trace_url"]

    def get_short_url(self, obj: Lot) -> str:
        return lot_urls(obj)["short_url"]


class LotWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    produced_on = serializers.DateField()
    best_before = serializers.DateField(required=False, allow_null=True)
    quantity = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True
    )
    origin_commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), required=False, allow_null=True
    )
    origin_place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True
    )


class LotOrderLineWriteSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class LotOrderLineSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(source="order_line_id")
    order_number = serializers.CharField(source="order_line.order.number")
    lot = serializers.CharField(source="lot.code")
    recorded_at = serializers.DateTimeField()


class RecallSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Why the lot is recalled."))


# --- the public trace record (documentation of selectors.trace_record) -------------------


class _ProvinceRef(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()


class _CommuneRef(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()
    province = _ProvinceRef()


class _Origin(serializers.Serializer):
    commune = _CommuneRef(allow_null=True)
    place = serializers.CharField(allow_blank=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class _TraceProduct(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    gtin = serializers.CharField(allow_blank=True)
    category = serializers.CharField()


class _Producer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    legal_name = serializers.CharField()
    tax_code = serializers.CharField(allow_blank=True)
    business_registration_number = serializers.CharField(allow_blank=True)
    street_address = serializers.CharField(allow_blank=True)
    commune = _CommuneRef(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class _TraceEvent(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    corrects = serializers.IntegerField(allow_null=True)


class _TraceCertificate(serializers.Serializer):
    stars = serializers.IntegerField()
    certificate_number = serializers.CharField()
    issuing_body = serializers.CharField()
    issue_date = serializers.DateField()
    expires_on = serializers.DateField()


class _Recall(serializers.Serializer):
    reason = serializers.CharField()
    recalled_at = serializers.DateTimeField(allow_null=True)


class TraceSerializer(serializers.Serializer):
    """A lot's public trace record: what a scan of its QR shows."""

    code = serializers.CharField()
    public_code = serializers.CharField()
    trace_url = serializers.CharField()
    short_url = serializers.CharField()
    status = serializers.CharField(help_text=_("published or recalled"))
    recall = _Recall(allow_null=True, help_text=_("Set when the lot is recalled; show it in red."))
    produced_on = serializers.DateField()
    best_before = serializers.DateField(allow_null=True)
    expired = serializers.BooleanField(help_text=_("The best-before date has passed."))
    quantity = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    origin = _Origin()
    product = _TraceProduct()
    producer = _Producer()
    events = _TraceEvent(many=True)
    certificates = _TraceCertificate(
        many=True, help_text=_("OCOP certificates in force on the production date.")
    )
    published_at = serializers.DateTimeField(allow_null=True)


class ProductLotSerializer(serializers.Serializer):
    """A published or recalled lot as its product's detail lists it (documentation shape)."""

    code = serializers.CharField()
    public_code = serializers.CharField()
    status = serializers.CharField(help_text=_("published or recalled"))
    produced_on = serializers.DateField()
    best_before = serializers.DateField(allow_null=True)
    expired = serializers.BooleanField(help_text=_("The best-before date has passed."))
    recall = _Recall(allow_null=True, help_text=_("Set when the lot is recalled; show it in red."))
    trace_url = serializers.CharField(help_text=_("What the lot's QR code carries."))
    short_url = serializers.CharField()


@extend_schema_field(ProductLotSerializer(many=True))
class ProductLotsField(serializers.Field):
    """`lots` of a product's detail: its published and recalled lots, newest first (D166)."""

    def __init__(self) -> None:
        super().__init__(
            source="*",
            read_only=True,
            help_text=_("Published and recalled lots, newest first (at most 20)."),
        )

    def to_representation(self, value: Any) -> list[dict[str, Any]]:
        return [product_lot_summary(lot) for lot in lot_list_on_product(value)]


class StampsQuerySerializer(serializers.Serializer):
    """What sheet of stamps to make (D168)."""

    file = serializers.ChoiceField(choices=["pdf", "svg"], default="pdf")
    paper = serializers.ChoiceField(
        choices=sorted(PAPERS),
        default="a4-40",
        help_text=_(
            "a4-24: 3 × 8 labels of 70 × 37 mm; a4-40: 4 × 10 of 52.5 × 29.7 mm; "
            "a4-65: 5 × 13 of 38.1 × 21.2 mm."
        ),
    )
    count = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_STAMPS,
        help_text=_("How many stamps; one sheet by default. An SVG holds one sheet."),
    )
    serials = serializers.BooleanField(
        default=False, help_text=_("Give each stamp its own serial number (GS1 AI 21).")
    )
    start = serializers.IntegerField(
        default=1, min_value=1, max_value=MAX_SERIAL, help_text=_("The first serial number.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        paper = PAPERS[attrs["paper"]]
        attrs["count"] = attrs.get("count") or paper.per_sheet
        if attrs["file"] == "svg" and attrs["count"] > paper.per_sheet:
            raise serializers.ValidationError(
                {"count": [_("An SVG holds one sheet; ask for a PDF or use start for the next.")]}
            )
        if attrs["serials"] and attrs["start"] + attrs["count"] - 1 > MAX_SERIAL:
            raise serializers.ValidationError({"start": [_("Serial numbers stop at 999999999.")]})
        return attrs


class ScanDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    scans = serializers.IntegerField()


class SuspectSerialSerializer(serializers.Serializer):
    serial = serializers.IntegerField()
    scans = serializers.IntegerField()
    ratio = serializers.FloatField(
        help_text=_("Scans of this serial over the median of the lot's scanned serials.")
    )
    last_scanned_on = serializers.DateField()


class LotScansSerializer(serializers.Serializer):
    """How often the lot's QR was scanned (its trace URL opened), by day; no personal data."""

    total = serializers.IntegerField()
    days = ScanDaySerializer(many=True, help_text=_("Newest first, the last 92 days with scans."))
    suspect_serials = SuspectSerialSerializer(
        many=True,
        help_text=_(
            "Serial-numbered stamps scanned far more than the lot's others, possibly copied; "
            "most scanned first, at most 100."
        ),
    )


def validated(serializer_class: type[serializers.Serializer], data: Any, **kw: Any) -> Any:
    s = serializer_class(data=data, **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data
