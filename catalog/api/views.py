"""Catalogue API views: products and their review, a storefront's products, certificates, awards,
categories, units."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors
from catalog.api.filters import ORDERINGS, ProductFilter
from catalog.api.serializers import (
    AwardSerializer,
    AwardWriteSerializer,
    CategoryNodeSerializer,
    CertificateSerializer,
    CertificateWriteSerializer,
    ProductDetailSerializer,
    ProductListSerializer,
    ProductUpdateSerializer,
    ProductWriteSerializer,
    UnitSerializer,
    product_cards,
    product_detail_data,
)
from catalog.models import OcopCertificate, Product, RuralIndustryAward, Unit
from catalog.scans import ScanLinkInvalid, scan_open
from catalog.services import awards as award_services
from catalog.services import certificates as certificate_services
from catalog.services import products as product_services
from core.api.clients import PartnerListingsPermission, partner_client
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from core.api.lists import RowListMixin
from core.api.parsers import JSONParser
from core.api.serializers import ReasonSerializer, problem_response
from marketplace.permissions import acting_user as _user
from marketplace.selectors import vendor_list_visible


def _reason(request: Request) -> str:
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data.get("reason", ""))


class CategoryTreeView(APIView):
    permission_classes: list[type] = []

    @extend_schema(responses=CategoryNodeSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(selectors.category_tree())


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    queryset = Unit.objects.all()
    lookup_field = "code"
    pagination_class = None


class ProductViewSet(
    RowListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Published products of approved storefronts; members and moderators also open the rest."""

    lookup_field = "slug"
    filterset_class = ProductFilter
    text_search = "products"  # `q` (D91)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # People as before; a partner key reads with catalog:read and creates/edits listings with
    # listings:write for storefronts that granted it access (D64).
    permission_classes = [PartnerListingsPermission]

    def get_queryset(self) -> QuerySet[Product]:
        if self.action == "list":
            # newest first unless `ordering` says otherwise (ProductFilter.filter_ordering)
            return selectors.product_cards_public().order_by(*ORDERINGS["newest"])
        return selectors.product_detail_queryset(self.request.user, partner_client(self.request))

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ProductListSerializer if self.action == "list" else ProductDetailSerializer

    def render_rows(self, rows: list[Product]) -> list[dict[str, Any]]:
        return product_cards(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The detail by the plain function the site's product page renders too (the
        serializer is its schema)."""
        return Response(product_detail_data(self.get_object()))

    def _render(self, product: Product, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.product_detail_queryset(
            self.request.user, partner_client(self.request)
        ).get(pk=product.pk)
        return Response(product_detail_data(fresh), status=code)

    @extend_schema(
        request=ProductWriteSerializer,
        responses={201: ProductDetailSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProductWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        vendor = fields.pop("vendor")
        product = product_services.product_create(
            vendor=vendor, actor=_user(request), partner=partner_client(request), **fields
        )
        return self._render(product, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProductUpdateSerializer,
        responses=ProductDetailSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
    @idempotent
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()
        data = ProductUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = product_services.product_update(
            product=product,
            actor=_user(request),
            partner=partner_client(request),
            **data.validated_data,
        )
        return self._render(product)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product_services.product_delete(product=self.get_object(), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        product = service(product=self.get_object(), actor=_user(request), **extra)
        return self._render(product)

    @extend_schema(request=None, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_submit)

    @extend_schema(request=None, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_withdraw)

    @extend_schema(request=ReasonSerializer, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_approve, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_reject, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_archive, reason=_reason(request))

    @extend_schema(request=None, responses=ProductDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, product_services.product_restore)

    @extend_schema(methods=["GET"], responses=CertificateSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": CertificateWriteSerializer,
            "application/json": CertificateWriteSerializer,
        },
        responses={201: CertificateSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def certificates(self, request: Request, slug: str | None = None) -> Response:
        product = self.get_object()
        if request.method == "POST":
            data = CertificateWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            cert = certificate_services.certificate_create(
                product=product, actor=_user(request), **data.validated_data
            )
            return Response(
                CertificateSerializer(cert, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        # Paged like every list (the schema always said so; it was a bare array before, D116).
        page = self.paginate_queryset(selectors.certificate_list_for_product(product, request.user))
        rows = CertificateSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(rows)

    @extend_schema(methods=["GET"], responses=AwardSerializer(many=True))
    @extend_schema(methods=["POST"], request=AwardWriteSerializer, responses={201: AwardSerializer})
    @action(detail=True, methods=["get", "post"])
    def awards(self, request: Request, slug: str | None = None) -> Response:
        product = self.get_object()
        if request.method == "POST":
            data = AwardWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            award = award_services.award_create(
                product=product, actor=_user(request), **data.validated_data
            )
            return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.award_list_for_product(product, request.user))
        return self.get_paginated_response(AwardSerializer(page, many=True).data)


class VendorProductListView(RowListMixin, generics.ListAPIView):
    """A storefront's products, at /vendors/{slug}/products/ (served here: products are the
    catalogue's; the storefront is looked up as its detail page does)."""

    serializer_class = ProductListSerializer
    queryset = Product.objects.none()  # the real one needs the storefront (get_queryset)
    # Read by hand: `status`; documented since it was an action of the storefront viewset and
    # still accepted (without effect): `commune`, `kind`, `province` (D91).
    extra_query_params = ("status", "commune", "kind", "province")

    def render_rows(self, rows: list[Product]) -> list[dict[str, Any]]:
        return product_cards(rows)

    def get_queryset(self) -> QuerySet[Product]:
        vendor = get_object_or_404(vendor_list_visible(self.request.user), slug=self.kwargs["slug"])
        return selectors.product_list_of_vendor(
            vendor=vendor, user=self.request.user, status=self.request.query_params.get("status")
        )

    @extend_schema(
        description="The storefront's products: published ones for everyone; every status "
        "for its members and moderators (filter with `status`).",
        # Kept as published when this was an action of the storefront viewset: the storefront
        # filters it listed narrowed only the storefront lookup, and are not applied here.
        parameters=[
            OpenApiParameter("commune", OpenApiTypes.NUMBER),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("province", OpenApiTypes.NUMBER),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CertificateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Certificates of my storefronts, or all of them for a moderator (the review queue:
    `?status=pending_verification`)."""

    permission_classes = [IsAuthenticated]
    serializer_class = CertificateSerializer
    filterset_fields = ["status", "stars"]
    http_method_names = ["get", "patch", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[OcopCertificate]:
        return selectors.certificate_queryset_for(self.request.user).order_by("created_at", "id")

    @extend_schema(request=CertificateWriteSerializer, responses=CertificateSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cert = self.get_object()
        data = CertificateWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        cert = certificate_services.certificate_update(
            certificate=cert, actor=_user(request), **data.validated_data
        )
        return Response(self.get_serializer(cert).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        cert = service(certificate=self.get_object(), actor=_user(request), **extra)
        return Response(self.get_serializer(cert).data)

    @extend_schema(request=ReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, certificate_services.certificate_verify, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, certificate_services.certificate_reject, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, certificate_services.certificate_revoke, reason=_reason(request))


class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = AwardSerializer
    filterset_fields = ["status", "level"]

    def get_queryset(self) -> QuerySet[RuralIndustryAward]:
        return selectors.award_queryset_for(self.request.user).order_by("created_at", "id")

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        award = service(award=self.get_object(), actor=_user(request), **extra)
        return Response(AwardSerializer(award).data)

    @extend_schema(request=ReasonSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, award_services.award_verify, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, award_services.award_reject, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        return self._move(request, award_services.award_revoke, reason=_reason(request))


SCAN_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


class FirstRendererNegotiation(BaseContentNegotiation):
    """Answer with the view's first renderer whatever the Accept header asks: the body is a
    file (or a JSON refusal), never another format."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class CertificateScanView(APIView):
    """A certificate's scan, through the signed link its members and moderators are given
    (D96). The link is the credential: it works without signing in, for a short time."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    content_negotiation_class = FirstRendererNegotiation  # a file, or JSON for a refusal

    @extend_schema(
        auth=[],
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    response=OpenApiTypes.BINARY, description="The scan, as a download."
                )
                for content_type in sorted(
                    {*SCAN_CONTENT_TYPES.values(), "application/octet-stream"}
                )
            },
            403: problem_response("The link was altered, has expired, or its scan changed."),
        },
    )
    def get(self, request: Request, token: str) -> HttpResponseBase:
        try:
            certificate, name = scan_open(token)
            handle = certificate.scan.storage.open(name, "rb")
        except (ScanLinkInvalid, FileNotFoundError):
            raise PermissionDenied(
                _("This link to the scan is not valid or has expired; ask for a new one.")
            ) from None
        suffix = PurePosixPath(name).suffix
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"ocop-{certificate.pk}{suffix}",
            content_type=SCAN_CONTENT_TYPES.get(suffix.lower(), "application/octet-stream"),
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
