"""Image endpoints: a product's gallery and a storefront's logo and banner.

Thin views: find the owner the user may see (404 otherwise, D3), parse, call one service,
render. Who may write is checked by the services (403 for visible owners).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.static import serve
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from catalog.selectors import product_list_visible
from core.api.parsers import JSONParser
from core.errors import NotFound
from marketplace.models import Vendor
from marketplace.permissions import acting_user as _user
from marketplace.selectors import vendor_list_visible
from media import selectors, services
from media.api.serializers import (
    GalleryImageSerializer,
    ImageFileSerializer,
    ImageSerializer,
    ImageUpdateSerializer,
    ImageUploadSerializer,
    gallery_data,
)
from media.api.uploads import MULTIPART, refuse_oversized
from media.models import Image, ImageKind


def _product(request: Request, slug: str) -> Product:
    product = (
        product_list_visible(request.user)
        .prefetch_related(None)
        .select_related("vendor")
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise NotFound(_not_found())
    return product


def _image(product: Product, image_id: int) -> Image:
    image = selectors.product_image_get(product, image_id)
    if image is None:
        raise NotFound(_not_found())
    return image


def _not_found() -> str:
    return _("Not found.")


def _fresh(image: Image) -> Image:
    return selectors.image_queryset().get(pk=image.pk)


class ProductImagesView(APIView):
    """A product's gallery, in order; its members (or a moderator) add pictures."""

    parser_classes = MULTIPART

    @extend_schema(responses=GalleryImageSerializer(many=True), operation_id="product_images_list")
    def get(self, request: Request, slug: str) -> Response:
        product = _product(request, slug)
        return Response(gallery_data(selectors.product_gallery(product)))

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses={201: GalleryImageSerializer},
        operation_id="product_images_create",
        description="Upload a picture (multipart, field `file`). The first picture becomes "
        "the primary one. Renditions are made after the upload: `status` is `processing` "
        "until they exist.",
    )
    def post(self, request: Request, slug: str) -> Response:
        refuse_oversized(request)
        product = _product(request, slug)
        data = ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.product_image_add(
            product=product,
            upload=data.validated_data["file"],
            actor=_user(request),
            is_primary=data.validated_data["is_primary"],
            position=data.validated_data.get("position"),
        )
        return Response(GalleryImageSerializer(_fresh(image)).data, status=status.HTTP_201_CREATED)


class ProductImageDetailView(APIView):
    parser_classes = [JSONParser, *MULTIPART]

    @extend_schema(responses=GalleryImageSerializer, operation_id="product_images_retrieve")
    def get(self, request: Request, slug: str, image_id: int) -> Response:
        image = _image(_product(request, slug), image_id)
        return Response(GalleryImageSerializer(image).data)

    @extend_schema(
        request=ImageUpdateSerializer,
        responses=GalleryImageSerializer,
        operation_id="product_images_partial_update",
        description="Move the picture (`position`, 0 first) and/or make it the primary one.",
    )
    def patch(self, request: Request, slug: str, image_id: int) -> Response:
        image = _image(_product(request, slug), image_id)
        data = ImageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.product_image_update(
            image=image, actor=_user(request), **data.validated_data
        )
        return Response(GalleryImageSerializer(_fresh(image)).data)

    @extend_schema(
        request={"multipart/form-data": ImageFileSerializer},
        responses=GalleryImageSerializer,
        operation_id="product_images_replace",
        description="Replace the picture's file, keeping its place; the old files are deleted.",
    )
    def put(self, request: Request, slug: str, image_id: int) -> Response:
        refuse_oversized(request)
        image = _image(_product(request, slug), image_id)
        data = ImageFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_replace(
            image=image, upload=data.validated_data["file"], actor=_user(request)
        )
        return Response(GalleryImageSerializer(_fresh(image)).data)

    @extend_schema(responses={204: None}, operation_id="product_images_destroy")
    def delete(self, request: Request, slug: str, image_id: int) -> Response:
        image = _image(_product(request, slug), image_id)
        services.image_delete(image=image, actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VendorImageView(APIView):
    """A storefront's logo or banner: its owners (or a moderator) set, replace or remove it."""

    parser_classes = MULTIPART
    kind: str = ImageKind.LOGO

    def _vendor(self, request: Request, slug: str) -> Vendor:
        vendor = vendor_list_visible(request.user).filter(slug=slug).first()
        if vendor is None:
            raise NotFound(_not_found())
        return vendor

    @extend_schema(
        responses={200: ImageSerializer, 404: OpenApiResponse(description="No such picture.")}
    )
    def get(self, request: Request, slug: str) -> Response:
        image = selectors.vendor_brand_image(self._vendor(request, slug), self.kind)
        if image is None:
            raise NotFound(_not_found())
        return Response(ImageSerializer(image).data)

    @extend_schema(
        request={"multipart/form-data": ImageFileSerializer},
        responses=ImageSerializer,
        description="Set or replace the picture (multipart, field `file`).",
    )
    def put(self, request: Request, slug: str) -> Response:
        refuse_oversized(request)
        vendor = self._vendor(request, slug)
        data = ImageFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.vendor_image_set(
            vendor=vendor, kind=self.kind, upload=data.validated_data["file"], actor=_user(request)
        )
        return Response(ImageSerializer(_fresh(image)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str) -> Response:
        services.vendor_image_delete(
            vendor=self._vendor(request, slug), kind=self.kind, actor=_user(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VendorLogoView(VendorImageView):
    kind = ImageKind.LOGO


class VendorBannerView(VendorImageView):
    kind = ImageKind.BANNER


def rendition_file(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve a rendition from disk (MEDIA_STORAGE=filesystem). Only MEDIA_ROOT/r/ is reachable:
    the rest of MEDIA_ROOT (certificate scans) is never served by this view."""
    response = serve(request, path, document_root=str(Path(settings.MEDIA_ROOT) / "r"))
    if response.status_code == 200:
        # Rendition URLs change whenever the picture does (a new random key): cache forever.
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
