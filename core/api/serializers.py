"""Serializers every app's API uses."""

from __future__ import annotations

from rest_framework import serializers


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
