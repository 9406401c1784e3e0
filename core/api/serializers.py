"""Serializers every app's API uses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ProblemSerializer(serializers.Serializer):
    """Dạng lỗi duy nhất (kiểu RFC 9457), theo ngôn ngữ của Accept-Language. *The one error
    shape (core/api/errors.py), in the language Accept-Language asks: the `Problem` component
    of the OpenAPI document, which every operation's error responses refer to (D113).*"""

    type = serializers.CharField(help_text="urn:giaothuong:problem:<code>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    # (the metaclass moves declared fields off the class: Serializer.errors is untouched)
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Thông báo theo từng trường. *Messages by field (dotted paths for nested ones).*",
    )


def problem_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ProblemSerializer, description=description)


PROBLEM_400 = problem_response("Bad input (a query parameter, a field).")
PROBLEM_401 = problem_response("Not signed in.")
PROBLEM_403 = problem_response("Signed in, but not allowed.")
PROBLEM_404 = problem_response("Not found, or not visible to you.")
