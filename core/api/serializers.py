"""Serializers every app's API uses."""

from __future__ import annotations

from rest_framework import serializers


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ProblemSerializer(serializers.Serializer):
    """The one error shape (DESIGN.md), for documenting 4xx answers in the schema."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
