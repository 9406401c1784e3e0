"""The API of pictures on reviews and complaints (D162).

POST /reviews/{id}/pictures/ · DELETE /reviews/{id}/pictures/{image_id}/ ·
POST /complaints/{id}/pictures/. Multipart, field `file`, checked by media's safe upload.
Who may attach is checked before the body is read: the review's author, the complaint's buyer
(others who can see the review or the complaint get 403; those who cannot, 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ProblemSerializer
from core.errors import NotAllowed
from marketplace.permissions import acting_user
from media.api.serializers import ImageFileSerializer, ImageSerializer
from media.api.uploads import MULTIPART, refuse_oversized
from media.selectors import image_queryset
from orders.models import Review
from orders.selectors import complaint_list_for, reviews_visible
from orders.services import pictures as services

UPLOAD_ERRORS = {
    400: ProblemSerializer,
    401: ProblemSerializer,
    403: ProblemSerializer,
    404: ProblemSerializer,
    409: ProblemSerializer,
    413: ProblemSerializer,
}
UPLOAD_HELP = (
    "Attach a picture (multipart, field `file`; JPEG, PNG or WebP judged by content, at most "
    "`MEDIA_MAX_BYTES`), up to `ORDER_PICTURES_MAX` (409 `too_many_pictures`). It is re-encoded "
    "without metadata; `status` is `processing` until its renditions exist."
)


def _visible_review(request: Request, pk: int) -> Review:
    return get_object_or_404(reviews_visible(request.user), pk=pk)


def _complaints(request: Request) -> QuerySet[Any]:
    return complaint_list_for(request.user)


class ReviewPicturesView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = MULTIPART

    @extend_schema(
        request={"multipart/form-data": ImageFileSerializer},
        responses={201: ImageSerializer, **UPLOAD_ERRORS},
        operation_id="review_pictures_create",
        description=UPLOAD_HELP,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        review = _visible_review(request, pk)
        if review.buyer_id != user.pk:
            raise NotAllowed(_("Only the review's author may add pictures to it."))
        refuse_oversized(request)
        body = ImageFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        image = services.review_picture_add(
            review=review, actor=user, upload=body.validated_data["file"]
        )
        return Response(
            ImageSerializer(image_queryset().get(pk=image.pk)).data, status=status.HTTP_201_CREATED
        )


class ReviewPictureView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="Removed, with its files after commit."),
            401: ProblemSerializer,
            403: ProblemSerializer,
            404: ProblemSerializer,
        },
        operation_id="review_pictures_destroy",
    )
    def delete(self, request: Request, pk: int, image_id: int) -> Response:
        user = acting_user(request)
        review = _visible_review(request, pk)
        services.review_picture_delete(review=review, actor=user, image_id=image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ComplaintPicturesView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = MULTIPART

    @extend_schema(
        request={"multipart/form-data": ImageFileSerializer},
        responses={201: ImageSerializer, **UPLOAD_ERRORS},
        operation_id="complaint_pictures_create",
        description=UPLOAD_HELP
        + " Only while the complaint is under way (409 `complaint_closed`); "
        "kept like the thread's messages: never removed.",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        complaint = get_object_or_404(_complaints(request), pk=pk)
        if complaint.order.buyer_id != user.pk:
            raise NotAllowed(_("Only the buyer who complained may add pictures."))
        refuse_oversized(request)
        body = ImageFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        image = services.complaint_picture_add(
            complaint=complaint, actor=user, upload=body.validated_data["file"]
        )
        return Response(
            ImageSerializer(image_queryset().get(pk=image.pk)).data, status=status.HTTP_201_CREATED
        )


urlpatterns = [
    path("reviews/<int:pk>/pictures/", ReviewPicturesView.as_view(), name="review-pictures"),
    path(
        "reviews/<int:pk>/pictures/<int:image_id>/",
        ReviewPictureView.as_view(),
        name="review-picture",
    ),
    path(
        "complaints/<int:pk>/pictures/", ComplaintPicturesView.as_view(), name="complaint-pictures"
    ),
]
