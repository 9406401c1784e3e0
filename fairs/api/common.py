"""What the fairs API views share: the fair of a /fairs/{fair_slug}/… URL, a 404 for what a
selector did not find, the optional reason of a decision, the file type of an export, and the
error responses of the OpenAPI document."""

from __future__ import annotations

from functools import cached_property
from typing import TypeVar

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from core.api.serializers import ReasonSerializer, problem_response
from core.errors import ValidationFailed
from fairs.models import Fair
from fairs.selectors.fairs import fair_get_visible
from fairs.services._common import require_fair_manager

T = TypeVar("T")

FAIR_SLUG = OpenApiParameter("fair_slug", str, OpenApiParameter.PATH, description="Fair slug.")
EXPORT_FILE = OpenApiParameter(
    "file", str, enum=["csv", "xlsx"], description="csv (default) or xlsx"
)


def problem(description: str) -> OpenApiResponse:
    """An error response in the one error shape (the document's `Problem` component, D113);
    `description` names the `type` codes."""
    return problem_response(description)


def found_or_404(thing: T | None) -> T:
    """What a `*_get` selector found; 404 when it found nothing (or nothing the user may see)."""
    if thing is None:
        raise Http404
    return thing


def request_reason(request: Request) -> str:
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data.get("reason", ""))


def export_kind(request: Request) -> str:
    """The `file` query parameter of an export: csv (the default) or xlsx."""
    kind = str(request.query_params.get("file", "csv"))
    if kind not in ("csv", "xlsx"):
        raise ValidationFailed(_("Unknown file type."), errors={"file": [_("Choose csv or xlsx.")]})
    return kind


class FairScopedMixin(GenericAPIView):
    """Views under /fairs/{fair_slug}/…: the fair, if the user may see it (404 otherwise)."""

    @cached_property
    def fair(self) -> Fair:
        return found_or_404(fair_get_visible(slug=self.kwargs["fair_slug"], user=self.request.user))

    def require_manager(self) -> None:
        require_fair_manager(self.request.user, self.fair)
