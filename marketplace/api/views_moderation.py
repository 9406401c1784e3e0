"""API views of moderation and statistics: the queues' counts and work lists, the audit log,
the public figures. Thin, like marketplace/api/views.py: read one selector or registry, render."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import PROBLEM_400, PROBLEM_401, PROBLEM_403, PROBLEM_404
from core.models import AuditLog
from marketplace import selectors
from marketplace.api.moderation import ModerationEntrySerializer
from marketplace.api.permissions import IsModerator
from marketplace.api.serializers import AuditLogSerializer
from marketplace.models import Vendor
from marketplace.moderation import (
    ModerationQueue,
    moderation_entries,
    moderation_queue,
    moderation_queue_summary,
)
from marketplace.permissions import is_moderator
from marketplace.stats import stats_cached

QUEUE_COUNT = inline_serializer(
    "ModerationQueueCount",
    {
        "pending": serializers.IntegerField(),
        "oldest": serializers.DateTimeField(allow_null=True),
    },
)


class ModerationQueueView(APIView):
    """How much is waiting for a moderator, and since when (Asia/Ho_Chi_Minh times)."""

    permission_classes = [IsModerator]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ModerationQueue",
                {
                    **dict.fromkeys(("vendors", "products", "certificates", "awards"), QUEUE_COUNT),
                    "as_of": serializers.DateTimeField(),
                },
            ),
            401: PROBLEM_401,
            403: PROBLEM_403,
        }
    )
    def get(self, request: Request) -> Response:
        return Response(moderation_queue_summary())


class ModerationWorkListView(generics.ListAPIView):
    """What waits in one queue, oldest first, with what a moderator needs to decide."""

    permission_classes = [IsModerator]
    serializer_class = ModerationEntrySerializer

    def _queue(self) -> ModerationQueue:
        queue = moderation_queue(self.kwargs.get("kind", ""))
        if queue is None:
            raise NotFound(_("There is no such moderation queue."))
        return queue

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema has no queue to read
            return Vendor.objects.none()
        return self._queue().oldest_first()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The queue: `vendors`, `products`, `certificates` or `awards` "
                "(apps add theirs; `GET /moderation/queue/` lists them).",
            )
        ],
        responses={
            200: ModerationEntrySerializer(many=True),
            400: PROBLEM_400,
            401: PROBLEM_401,
            403: PROBLEM_403,
            404: PROBLEM_404,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queue = self._queue()
        page = self.paginate_queryset(queue.oldest_first())
        entries = moderation_entries(queue, page or [], request)
        return self.get_paginated_response(ModerationEntrySerializer(entries, many=True).data)


class AuditLogFilter(filters.FilterSet):
    action = filters.CharFilter(field_name="action", lookup_expr="startswith")
    target_type = filters.CharFilter(method="filter_target_type", help_text="app.model")
    target_id = filters.CharFilter(field_name="target_id")
    actor = filters.CharFilter(field_name="actor__email")

    class Meta:
        model = AuditLog
        fields: list[str] = []

    def filter_target_type(
        self, qs: QuerySet[AuditLog], name: str, value: str
    ) -> QuerySet[AuditLog]:
        app_label, _, model = value.partition(".")
        return qs.filter(target_type__app_label=app_label, target_type__model=model)


class AuditLogViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsModerator]
    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilter

    def get_queryset(self) -> QuerySet[AuditLog]:
        return selectors.audit_log_list()


class StatsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=OpenApiResponse(
            response=inline_serializer(
                "Stats",
                {
                    "as_of": serializers.DateField(),
                    "storefronts": serializers.DictField(),
                    "products": serializers.DictField(),
                    "ocop": serializers.DictField(),
                    "by_province": serializers.ListField(child=serializers.DictField()),
                    "by_category": serializers.ListField(child=serializers.DictField()),
                    "moderation": serializers.DictField(required=False),
                },
            ),
            description="Public figures; moderators also get `moderation`.",
        )
    )
    def get(self, request: Request) -> Response:
        return Response(stats_cached(for_moderators=is_moderator(request.user)))
