"""The API of complaints (D132) and of the operator's pages (D133).

GET/POST /orders/{number}/complaints/ · GET /complaints/ · GET /complaints/{id}/ ·
POST /complaints/{id}/{messages|escalate|decide|withdraw}/ · GET /pages/{slug}/.
A complaint is seen by the order's buyer, its storefront's members and moderators; others get
404. The buyer's pictures are attached through orders/api/pictures.py (D162)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ProblemSerializer, ReasonSerializer
from core.errors import NotAllowed
from marketplace.api.moderation import absolute, decision_links
from marketplace.api.serializers import vendor_ref
from marketplace.permissions import acting_user
from orders.api.picture_fields import pictures_data, pictures_schema
from orders.models import (
    Complaint,
    ComplaintDecision,
    ComplaintMessage,
    ComplaintReason,
    ComplaintRole,
    ComplaintStatus,
    Page,
)
from orders.selectors import complaint_list_for, order_list_for, page_get
from orders.services import complaints

ERRORS = {401: ProblemSerializer, 403: ProblemSerializer, 404: ProblemSerializer}
WRITE = {400: ProblemSerializer, 409: ProblemSerializer, **ERRORS}


class ComplaintMessageSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(ComplaintRole.choices, read_only=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintMessage
        fields = ["id", "role", "author", "body", "created_at"]

    def get_author(self, obj: ComplaintMessage) -> str:
        return obj.author.get_full_name()


class ComplaintSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    storefront = serializers.CharField(source="order.vendor.slug", read_only=True)
    reason = serializers.ChoiceField(ComplaintReason.choices, read_only=True)
    status = serializers.ChoiceField(ComplaintStatus.choices, read_only=True)
    decision = serializers.ChoiceField(
        [("", "—"), *ComplaintDecision.choices], read_only=True, help_text="Empty until decided."
    )
    messages = ComplaintMessageSerializer(many=True, read_only=True)
    pictures = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "order",
            "storefront",
            "reason",
            "status",
            "status_reason",
            "decision",
            "messages",
            "pictures",
            "created_at",
            "escalated_at",
            "updated_at",
        ]

    @pictures_schema
    def get_pictures(self, obj: Complaint) -> list[dict[str, Any]]:
        return pictures_data(obj)


class ComplaintOpenSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(ComplaintReason.choices)
    body = serializers.CharField(max_length=5000)


class ComplaintBodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class ComplaintDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(ComplaintDecision.choices)
    reason = serializers.CharField(max_length=2000)


class PageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["slug", "title", "body", "updated_at"]


def _one(request: Request, pk: int) -> Complaint:
    return get_object_or_404(complaint_list_for(request.user), pk=pk)


def _out(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(ComplaintSerializer(_one(request, pk)).data, status=code)


class OrderComplaintsView(APIView):
    """An order's complaints; its buyer opens one within the window after delivery."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ComplaintSerializer(many=True), **ERRORS})
    def get(self, request: Request, number: str) -> Response:
        order = get_object_or_404(order_list_for(request.user), number=number)
        qs = complaint_list_for(request.user).filter(order=order)
        return Response(ComplaintSerializer(qs, many=True).data)

    @extend_schema(
        request=ComplaintOpenSerializer,
        responses={201: ComplaintSerializer, **WRITE},
    )
    def post(self, request: Request, number: str) -> Response:
        user = acting_user(request)
        order = get_object_or_404(order_list_for(user), number=number)
        if order.buyer_id != user.pk:
            raise NotAllowed(_("Only the buyer may complain about this order."))
        data = ComplaintOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = complaints.complaint_open(order=order, actor=user, **data.validated_data)
        return _out(request, complaint.pk, status.HTTP_201_CREATED)


class ComplaintFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ComplaintStatus.choices)

    class Meta:
        model = Complaint
        fields: list[str] = []


class ComplaintListView(generics.ListAPIView):
    """Complaints I opened, about my storefronts' orders, or all (a moderator); paged."""

    permission_classes = [IsAuthenticated]
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter

    def get_queryset(self) -> QuerySet[Complaint]:
        return complaint_list_for(self.request.user)

    @extend_schema(
        responses={
            200: ComplaintSerializer(many=True),
            400: ProblemSerializer,
            401: ProblemSerializer,
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ComplaintDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ComplaintSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return _out(request, pk)


def _action(
    body: type[serializers.Serializer],
    run: Callable[[Complaint, Any, dict[str, Any]], Any],
    allowed: Callable[[Complaint, Any], bool],
    code: int = status.HTTP_200_OK,
) -> type[APIView]:
    class ComplaintAction(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            request=body,
            responses={code: ComplaintSerializer, **WRITE},
        )
        def post(self, request: Request, pk: int) -> Response:
            user = acting_user(request)
            complaint = _one(request, pk)
            if not allowed(complaint, user):  # who, before reading the body
                raise NotAllowed(_("You may not do this on this complaint."))
            data = body(data=request.data)
            data.is_valid(raise_exception=True)
            run(complaint, user, dict(data.validated_data))
            return _out(request, pk, code)

    return ComplaintAction


def _party(c: Complaint, u: Any) -> bool:
    return complaints.role_of(u, c) is not None


ACTIONS: dict[str, type[APIView]] = {
    "messages": _action(
        ComplaintBodySerializer,
        lambda c, u, v: complaints.complaint_message(complaint=c, actor=u, body=v["body"]),
        _party,
        status.HTTP_201_CREATED,
    ),
    "escalate": _action(
        ReasonSerializer,
        lambda c, u, v: complaints.complaint_escalate(complaint=c, actor=u, reason=v["reason"]),
        lambda c, u: complaints.role_of(u, c) in (ComplaintRole.BUYER, ComplaintRole.MODERATOR),
    ),
    "decide": _action(
        ComplaintDecideSerializer,
        lambda c, u, v: complaints.complaint_decide(complaint=c, actor=u, **v),
        lambda c, u: complaints.role_of(u, c) == ComplaintRole.MODERATOR,
    ),
    "withdraw": _action(
        ReasonSerializer,
        lambda c, u, v: complaints.complaint_withdraw(complaint=c, actor=u, reason=v["reason"]),
        lambda c, u: complaints.role_of(u, c) == ComplaintRole.BUYER,
    ),
}


class PageView(APIView):
    """A page of text the operator edits in the admin, e.g. `complaint-procedure`."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: PageSerializer, 404: ProblemSerializer})
    def get(self, request: Request, slug: str) -> Response:
        page = page_get(slug)
        if page is None:
            raise Http404
        return Response(PageSerializer(page).data)


def complaint_entry(complaint: Complaint, request: Request | None) -> dict[str, Any]:
    """An escalated complaint in the moderators' work list (marketplace.moderation)."""
    return {
        "id": str(complaint.pk),
        "title": f"{complaint.order.number} — {complaint.get_reason_display()}",
        "url": absolute(request, reverse("complaint-detail", args=[complaint.pk])),
        "storefront": vendor_ref(complaint.order.vendor),
        "details": ComplaintSerializer(complaint).data,
        "attachments": [],
        "actions": decision_links(request, "complaint", complaint.pk, [("decide", True)]),
    }


def complaint_snapshot(complaint: Complaint) -> dict[str, Any]:
    return {"reason": complaint.reason, "messages": complaint.messages.count()}


urlpatterns = [
    path(
        "orders/<str:number>/complaints/",
        OrderComplaintsView.as_view(),
        name="order-complaints",
    ),
    path("complaints/", ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/<int:pk>/", ComplaintDetailView.as_view(), name="complaint-detail"),
    *[
        path(f"complaints/<int:pk>/{name}/", view.as_view(), name=f"complaint-{name}")
        for name, view in ACTIONS.items()
    ],
    path("pages/<slug:slug>/", PageView.as_view(), name="page-detail"),
]
