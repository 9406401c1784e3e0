"""Exhibitor application API: your applications and those to the fairs you run, and the moves
on one application (approve, reject, cancel, confirm, check in, booth number)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.serializers import ReasonSerializer
from fairs.api.common import request_reason
from fairs.api.filters import ApplicationFilter
from fairs.api.serializers_exhibitors import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ApplicationUpdateSerializer,
    BoothNumberSerializer,
)
from fairs.models import ExhibitorApplication
from fairs.selectors import exhibitors as selectors
from fairs.services.exhibitors import applications as services
from fairs.services.exhibitors.booths import application_assign_booth
from fairs.services.exhibitors.showcase import application_update
from marketplace.permissions import acting_user as _user


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications you may see: your storefronts', and all those to fairs you run."""

    permission_classes = [IsAuthenticated]
    filterset_class = ApplicationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ExhibitorApplication]:
        return selectors.application_list_for_user(self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # The filters narrow the list; one application is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def _render(self, application: ExhibitorApplication) -> Response:
        fresh = selectors.application_get_detail(application_id=application.pk)
        return Response(ApplicationDetailSerializer(fresh).data)

    @extend_schema(request=ApplicationUpdateSerializer, responses=ApplicationDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()
        data = ApplicationUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        application = application_update(
            application=application,
            actor=_user(request),
            product_ids=fields.pop("products", None),
            **fields,
        )
        return self._render(application)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        application = service(application=self.get_object(), actor=_user(request), **extra)
        return self._render(application)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Organizers: hold the booths, or put the application on the waiting list if full."""
        return self._move(request, services.application_approve, reason=request_reason(request))

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Organizers; a reason is required."""
        return self._move(request, services.application_reject, reason=request_reason(request))

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The storefront or the organizers (who give a reason); frees booths and promotes the
        waiting list."""
        return self._move(request, services.application_cancel, reason=request_reason(request))

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, services.application_confirm)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, services.application_check_in)

    @extend_schema(request=BoothNumberSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="assign-booth")
    def assign_booth(self, request: Request, pk: str | None = None) -> Response:
        data = BoothNumberSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._move(
            request,
            application_assign_booth,
            booth_number=data.validated_data["booth_number"],
        )
