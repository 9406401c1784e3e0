"""The API of reviews (D135–D137): a product's and a storefront's published reviews (public),
one review, the buyer's review of an order, the storefront's reply, reports, and the
moderators' hide and restore; the `reviews` entries of the moderators' work list."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import product_list_visible
from core.api.serializers import ProblemSerializer, ReasonSerializer
from core.errors import NotAllowed
from marketplace.api.moderation import absolute, decision_links
from marketplace.api.serializers import vendor_ref
from marketplace.models import User, VendorMembership
from marketplace.permissions import acting_user, require_moderator
from marketplace.selectors import vendor_list_visible
from orders.api.picture_fields import pictures_data, pictures_schema
from orders.models import Review
from orders.selectors import order_list_for, review_list_published, review_rows, reviews_visible
from orders.services import reviews as services

ERRORS = {401: ProblemSerializer, 403: ProblemSerializer, 404: ProblemSerializer}
WRITE_ERRORS = {400: ProblemSerializer, 409: ProblemSerializer, **ERRORS}


class ReviewReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    at = serializers.DateTimeField()


class ReviewSerializer(serializers.ModelSerializer):
    """A review as everyone sees it: no order number, the buyer by name only."""

    kind = serializers.SerializerMethodField()
    product = serializers.SerializerMethodField()
    product_name = serializers.SerializerMethodField()
    vendor = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    author = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    pictures = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "kind",
            "product",
            "product_name",
            "vendor",
            "author",
            "stars",
            "text",
            "status",
            "reply",
            "pictures",
            "created_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["product", "storefront"]))
    def get_kind(self, obj: Review) -> str:
        return "product" if obj.order_line_id is not None else "storefront"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_product(self, obj: Review) -> str | None:
        return obj.product.slug if obj.product is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_product_name(self, obj: Review) -> str | None:
        return obj.order_line.product_name if obj.order_line is not None else None

    def get_author(self, obj: Review) -> str:
        return obj.buyer.get_full_name()

    @extend_schema_field(ReviewReplySerializer(allow_null=True))
    def get_reply(self, obj: Review) -> dict[str, Any] | None:
        if obj.replied_at is None:
            return None
        return ReviewReplySerializer({"text": obj.reply, "at": obj.replied_at}).data

    @pictures_schema
    def get_pictures(self, obj: Review) -> list[dict[str, Any]]:
        return pictures_data(obj)


class ReviewCreateSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The order line (its product) reviewed; absent or null: the storefront.",
    )
    stars = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ReviewReplyBodySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ReviewReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class _PublicReviews(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReviewSerializer

    def published(self) -> QuerySet[Review]:
        return review_list_published()


class ProductReviewsView(_PublicReviews):
    """A product's published reviews, newest first."""

    @extend_schema(
        responses={200: ReviewSerializer(many=True), 400: ProblemSerializer, 404: ProblemSerializer}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        product = get_object_or_404(
            product_list_visible(self.request.user), slug=self.kwargs["slug"]
        )
        return self.published().filter(product=product)


class VendorReviewsView(_PublicReviews):
    """A storefront's published reviews of itself (not of its products), newest first."""

    @extend_schema(
        responses={200: ReviewSerializer(many=True), 400: ProblemSerializer, 404: ProblemSerializer}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        vendor = get_object_or_404(vendor_list_visible(self.request.user), slug=self.kwargs["slug"])
        return self.published().filter(vendor=vendor, order_line__isnull=True)


class ReviewDetailView(APIView):
    """One review: published ones for everyone; held or hidden ones for their author, the
    storefront and moderators (others get 404)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ReviewSerializer, 404: ProblemSerializer})
    def get(self, request: Request, pk: int) -> Response:
        review = get_object_or_404(reviews_visible(request.user), pk=pk)
        return Response(ReviewSerializer(review).data)


class OrderReviewsView(APIView):
    """The buyer reviews a product of a delivered order (`line`) or the storefront (no line)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewCreateSerializer, responses={201: ReviewSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, number: str) -> Response:
        user = acting_user(request)
        order = get_object_or_404(order_list_for(user), number=number)
        if order.buyer_id != user.pk:
            raise NotAllowed(_("Only the buyer may review this order."))
        body = ReviewCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        review = services.review_create(
            order=order, actor=user, stars=data["stars"], text=data["text"], line_id=data["line"]
        )
        return Response(
            ReviewSerializer(review_rows().get(pk=review.pk)).data, status=status.HTTP_201_CREATED
        )


class _ReviewAction(APIView):
    permission_classes = [IsAuthenticated]

    def review(self, request: Request, pk: int) -> tuple[User, Review]:
        user = acting_user(request)
        return user, get_object_or_404(reviews_visible(user), pk=pk)

    def answer(self, review: Review) -> Response:
        return Response(ReviewSerializer(review_rows().get(pk=review.pk)).data)


class ReviewReplyView(_ReviewAction):
    """The storefront answers a review, once, publicly."""

    @extend_schema(
        request=ReviewReplyBodySerializer, responses={200: ReviewSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, review = self.review(request, pk)
        if not VendorMembership.objects.filter(
            user_id=user.pk, vendor_id=review.vendor_id
        ).exists():
            raise NotAllowed(_("Only the storefront that was reviewed may reply."))
        body = ReviewReplyBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.answer(
            services.review_reply(review=review, actor=user, text=body.validated_data["text"])
        )


class ReviewReportView(_ReviewAction):
    """Anyone signed in reports a review to the moderators (once each)."""

    @extend_schema(
        request=ReviewReportSerializer,
        responses={
            200: ReviewSerializer,
            400: ProblemSerializer,
            401: ProblemSerializer,
            404: ProblemSerializer,
            409: ProblemSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        user, review = self.review(request, pk)
        body = ReviewReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.answer(
            services.review_report(review=review, actor=user, reason=body.validated_data["reason"])
        )


class _ModeratorDecision(_ReviewAction):
    """A moderator's decision on a review, with a reason: the service names which."""

    service: Any

    @extend_schema(request=ReasonSerializer, responses={200: ReviewSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        user, review = self.review(request, pk)
        require_moderator(user)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decide = type(self).service
        return self.answer(decide(review=review, actor=user, reason=body.validated_data["reason"]))


class ReviewHideView(_ModeratorDecision):
    """A moderator hides a review (a reason is required)."""

    service = services.review_hide


class ReviewRestoreView(_ModeratorDecision):
    """A moderator publishes a held review, shows a hidden one again, or dismisses reports."""

    service = services.review_restore


# --- the moderators' work list ------------------------------------------------------------------


def review_entry(review: Review, request: Request | None) -> dict[str, Any]:
    details = dict(ReviewSerializer(review).data)
    details["reports"] = [
        {"reason": report.reason, "at": report.created_at} for report in review.reports.all()
    ]
    line = review.order_line
    subject = line.product_name if line is not None else review.vendor.display_name
    return {
        "id": str(review.pk),
        "title": f"{review.stars}★ — {subject}",
        "url": absolute(request, reverse("review-detail", args=[review.pk])),
        "storefront": vendor_ref(review.vendor),
        "details": details,
        "attachments": [],
        "actions": decision_links(
            request, "review", review.pk, [("hide", True), ("restore", False)]
        ),
    }


def review_moderation_prepare(qs: QuerySet[Review]) -> QuerySet[Review]:
    return qs.select_related("product", "order_line", "vendor", "buyer").prefetch_related("reports")


def review_snapshot(review: Review) -> dict[str, Any]:
    return {"stars": review.stars, "text": review.text}
