"""Serializers describing the fair report (read-only; the selector builds the figures)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from fairs.api.serializers_exhibitors import FairRefSerializer


class ProvinceFigureSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()
    exhibitors = serializers.IntegerField()


class SectorFigureSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    exhibitors = serializers.IntegerField()
    products = serializers.IntegerField()


class ReportExhibitorsSerializer(serializers.Serializer):
    exhibitors = serializers.IntegerField()
    applications = serializers.IntegerField()
    booths_held = serializers.IntegerField()
    booths_total = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    by_province = ProvinceFigureSerializer(many=True)
    by_sector = SectorFigureSerializer(many=True)


class ReportProductsSerializer(serializers.Serializer):
    shown = serializers.IntegerField()
    ocop = serializers.IntegerField()
    ocop_by_stars = serializers.DictField(child=serializers.IntegerField())


class ReportVisitorsSerializer(serializers.Serializer):
    registered = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    scans = serializers.IntegerField()
    scans_refused = serializers.IntegerField()


class ReportMeetingsSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    pending = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    held = serializers.IntegerField()
    no_show = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class ReportDealsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    value = serializers.IntegerField(help_text="VND")


# One report object, though served by the viewset's `list` (the schema said an array).
@extend_schema_serializer(many=False)
class FairReportSerializer(serializers.Serializer):
    fair = FairRefSerializer()
    generated_at = serializers.DateTimeField()
    exhibitors = ReportExhibitorsSerializer()
    products = ReportProductsSerializer()
    visitors = ReportVisitorsSerializer()
    meetings = ReportMeetingsSerializer()
    deals = ReportDealsSerializer()
