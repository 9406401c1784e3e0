"""Serializers every app's API uses."""

from __future__ import annotations

from typing import Any

from django.core.validators import slug_re
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

MAX_ID = 2**63 - 1


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


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 200},
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        ],
        "description": "A slug (text, the public identity) or, as before, an id (a number).",
    }
)
class SlugOrIdField(serializers.Field):
    """A public thing named in a request body by its slug, the identity every response and URL
    shows, or by its id for clients that already send ids (D90). A JSON number is an id, a
    JSON string a slug; the service resolves which row it is (a string of digits is tried as a
    slug first, then as an id, so form-encoded ids keep working)."""

    default_error_messages = {
        "invalid": _("Give a slug (text) or an id (a whole number)."),
    }

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            if not 1 <= data <= MAX_ID:
                self.fail("invalid")
            return data
        if isinstance(data, str):
            text = data.strip()
            if text and len(text) <= 200 and slug_re.match(text):
                return text
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value
