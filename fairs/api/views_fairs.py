"""Fair API views: public listings and detail, organizer CRUD and lifecycle, booth types,
the showcase, applications to one fair and the exhibitor export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.api.serializers import ProductListSerializer, product_cards
from core.api.lists import RowListMixin
from core.api.serializers import ReasonSerializer
from core.errors import ValidationFailed
from fairs import exports
from fairs.api.common import EXPORT_FILE, export_kind, found_or_404, request_reason
from fairs.api.filters import FairApplicationFilter, FairFilter
from fairs.api.serializers_exhibitors import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
)
from fairs.api.serializers_fairs import (
    BoothTypeSerializer,
    BoothTypeWriteSerializer,
    FairDetailSerializer,
    FairListSerializer,
    FairWriteSerializer,
    fair_cards,
)
from fairs.models import BoothType, ExhibitorApplication, Fair
from fairs.selectors import exhibitors as exhibitor_selectors
from fairs.selectors import fairs as fair_selectors
from fairs.services import fairs as fair_services
from fairs.services._common import can_manage_fair, require_fair_manager
from fairs.services.exhibitors.applications import application_submit
from marketplace.permissions import acting_user as _user

# The applications action reads ExhibitorApplication rows, so the schema would not find the
# fair's slug field for its path parameter: name it here, as every other fair path has it.
FAIR_SLUG_PATH = OpenApiParameter(
    "slug",
    {"type": "string", "title": capfirst(Fair._meta.get_field("slug").verbose_name)},
    OpenApiParameter.PATH,
)


@extend_schema_view(
    list=extend_schema(summary="Published fairs (or, with mine=true, the fairs you run)"),
    retrieve=extend_schema(summary="One fair with its booth types and availability"),
)
class FairViewSet(
    RowListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    filterset_class = FairFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve", "showcase") or (
            self.action == "booth_types" and self.request.method == "GET"
        ):
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Any]:
        """The fairs of the list, or the applications of the URL's fair (its `applications`
        action, whose filterset narrows them); one fair is found by get_object."""
        if self.action == "applications":
            if getattr(self, "swagger_fake_view", False):  # the schema reads the model only
                return ExhibitorApplication.objects.none()
            fair = self.get_object()
            return exhibitor_selectors.application_list_of_fair_for(
                fair, self.request.user, manager=can_manage_fair(self.request.user, fair)
            )
        if self.request.query_params.get("mine") in ("true", "True", "1"):
            return fair_selectors.fair_list_managed(self.request.user)
        return fair_selectors.fair_list_public()

    def get_object(self) -> Fair:
        """The fair of the URL if the user may open it (404 otherwise). Sub-resources filter
        their own rows (a filterset declared on their action), never the fair."""
        user, slug = self.request.user, self.kwargs["slug"]
        if self.action == "retrieve":
            fair = fair_selectors.fair_get_detail(user=user, slug=slug)
        else:
            fair = fair_selectors.fair_get_visible(slug=slug, user=user)
        fair = found_or_404(fair)
        self.check_object_permissions(self.request, fair)
        return fair

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return FairListSerializer if self.action == "list" else FairDetailSerializer

    def render_rows(self, rows: list[Fair]) -> list[dict[str, Any]]:
        return fair_cards(rows)

    def _render(self, fair: Fair, code: int = status.HTTP_200_OK) -> Response:
        fresh = found_or_404(fair_selectors.fair_get_detail(user=self.request.user, pk=fair.pk))
        return Response(FairDetailSerializer(fresh).data, status=code)

    @extend_schema(request=FairWriteSerializer, responses={201: FairDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fair_services.fair_create_require_allowed(_user(request))  # before reading the body
        data = FairWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fair = fair_services.fair_create(actor=_user(request), **data.validated_data)
        return self._render(fair, status.HTTP_201_CREATED)

    @extend_schema(request=FairWriteSerializer, responses=FairDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fair = self.get_object()
        data = FairWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fair = fair_services.fair_update(fair=fair, actor=_user(request), **data.validated_data)
        return self._render(fair)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        fair = service(fair=self.get_object(), actor=_user(request), **extra)
        return self._render(fair)

    @extend_schema(request=None, responses=FairDetailSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, fair_services.fair_open)

    @extend_schema(request=None, responses=FairDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, fair_services.fair_close)

    @extend_schema(request=None, responses=FairDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, fair_services.fair_start)

    @extend_schema(request=None, responses=FairDetailSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, fair_services.fair_finish)

    @extend_schema(request=ReasonSerializer, responses=FairDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, fair_services.fair_cancel, reason=request_reason(request))

    # --- booth types ---------------------------------------------------------------------------

    def _booth_types(self, fair: Fair) -> Response:
        qs = fair_selectors.booth_types_with_availability().filter(fair=fair)
        return Response(BoothTypeSerializer(qs, many=True).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=BoothTypeSerializer(many=True),
        summary="Booth types",
    )
    @extend_schema(
        methods=["POST"],
        request=BoothTypeWriteSerializer,
        responses={201: BoothTypeSerializer},
        summary="Add a booth type (organizers)",
    )
    @action(detail=True, methods=["get", "post"], url_path="booth-types", pagination_class=None)
    def booth_types(self, request: Request, slug: str | None = None) -> Response:
        fair = self.get_object()
        if request.method == "GET":
            return self._booth_types(fair)
        data = BoothTypeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booth_type = fair_services.booth_type_create(
            fair=fair, actor=_user(request), **data.validated_data
        )
        fresh = fair_selectors.booth_type_get_with_availability(booth_type_id=booth_type.pk)
        return Response(BoothTypeSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def _booth_type(self, fair: Fair, booth_type_id: str | None) -> BoothType:
        return found_or_404(
            fair_selectors.booth_type_get(fair=fair, booth_type_id=int(booth_type_id or 0))
        )

    @extend_schema(
        methods=["PATCH"],
        request=BoothTypeWriteSerializer,
        responses=BoothTypeSerializer,
        summary="Edit a booth type (organizers); count never below what is held",
    )
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"booth-types/(?P<booth_type_id>\d+)",
        url_name="booth-type-detail",
    )
    def booth_type_detail(
        self, request: Request, slug: str | None = None, booth_type_id: str | None = None
    ) -> Response:
        fair = self.get_object()
        booth_type = self._booth_type(fair, booth_type_id)
        if request.method == "DELETE":
            fair_services.booth_type_delete(booth_type=booth_type, actor=_user(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = BoothTypeWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        booth_type = fair_services.booth_type_update(
            booth_type=booth_type, actor=_user(request), **data.validated_data
        )
        fresh = fair_selectors.booth_type_get_with_availability(booth_type_id=booth_type.pk)
        return Response(BoothTypeSerializer(fresh).data)

    # --- applications ------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=ApplicationSerializer(many=True),
        parameters=[FAIR_SLUG_PATH],
        summary="Applications to this fair: all for its organizers, your own otherwise",
        operation_id="v1_fairs_applications_of_fair",
    )
    @extend_schema(
        methods=["POST"],
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer},
        parameters=[FAIR_SLUG_PATH],
        summary="Apply for booths (a storefront member)",
        operation_id="v1_fairs_applications_apply",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=FairApplicationFilter)
    def applications(self, request: Request, slug: str | None = None) -> Response:
        if request.method == "POST":
            return self._apply(request, self.get_object())
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ApplicationSerializer(page, many=True).data)

    def _apply(self, request: Request, fair: Fair) -> Response:
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        booth_type = fair_selectors.booth_type_get(
            fair=fair, booth_type_id=fields.pop("booth_type")
        )
        if booth_type is None:
            raise ValidationFailed(
                _("Choose one of this fair's booth types."),
                errors={"booth_type": [_("Choose one of this fair's booth types.")]},
            )
        application = application_submit(
            fair=fair,
            booth_type=booth_type,
            actor=_user(request),
            product_ids=fields.pop("products"),
            **fields,
        )
        fresh = exhibitor_selectors.application_get_detail(application_id=application.pk)
        return Response(ApplicationDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        parameters=[EXPORT_FILE],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
        summary="Exhibitor list as CSV or XLSX (organizers)",
    )
    @action(detail=True, methods=["get"], url_path="exhibitors/export")
    def export(self, request: Request, slug: str | None = None) -> HttpResponse:
        fair = self.get_object()
        require_fair_manager(request.user, fair)
        return exports.exhibitor_export_response(fair, export_kind(request))

    # --- showcase ------------------------------------------------------------------------------

    @extend_schema(request=None, responses=ProductListSerializer(many=True))
    @action(detail=True, methods=["get"])
    def showcase(self, request: Request, slug: str | None = None) -> Response:
        """The exhibitors' chosen products (the online fair), paginated."""
        fair = self.get_object()
        qs = exhibitor_selectors.showcase_products(fair).order_by(
            "vendor__display_name", "name", "id"
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(product_cards(page or []))
