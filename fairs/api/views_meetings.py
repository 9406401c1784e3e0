"""B2B matchmaking API under /fairs/{fair_slug}/: slots and tables (organizers define them),
meetings (buyers request, exhibitors accept or decline, outcomes), and my schedule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.serializers import ReasonSerializer
from core.errors import ValidationFailed
from fairs.api.common import FAIR_SLUG, FairScopedMixin, found_or_404, request_reason
from fairs.api.filters import MeetingFilter, ScheduleFilter
from fairs.api.serializers_meetings import (
    MeetingAcceptSerializer,
    MeetingOutcomeSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    SlotCreateSerializer,
    SlotGenerateSerializer,
    SlotSerializer,
    TableCreateSerializer,
    TableGenerateSerializer,
    TableSerializer,
    TableUpdateSerializer,
)
from fairs.models import Meeting, MeetingSlot, MeetingTable
from fairs.selectors import meetings as selectors
from fairs.services import meetings as services
from fairs.services import schedule
from fairs.services._common import can_manage_fair
from marketplace.permissions import acting_user as _user


@extend_schema(parameters=[FAIR_SLUG])
class MeetingSlotViewSet(
    FairScopedMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The fair's meeting slots (anyone who can see the fair); organizers create and delete."""

    serializer_class = SlotSerializer
    queryset = MeetingSlot.objects.none()

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.action == "list" else [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[MeetingSlot]:
        if getattr(self, "swagger_fake_view", False):
            return MeetingSlot.objects.none()
        return selectors.slot_list_for_fair(self.fair)

    @extend_schema(request=SlotCreateSerializer, responses={201: SlotSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SlotCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = schedule.slot_create(fair=self.fair, actor=_user(request), **data.validated_data)
        fresh = self.get_queryset().get(pk=slot.pk)
        return Response(SlotSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SlotGenerateSerializer,
        responses={201: SlotSerializer(many=True)},
        description="Make slots on one day, e.g. from 09:00 to 12:00 every 20 minutes. "
        "Existing identical slots are kept; an overlap refuses the whole request.",
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request, fair_slug: str) -> Response:
        data = SlotGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        made = schedule.slot_generate(
            fair=self.fair,
            day=v["date"],
            start=v["start"],
            end=v["end"],
            every_minutes=v["every_minutes"],
            duration_minutes=v.get("duration_minutes"),
            actor=_user(request),
        )
        fresh = self.get_queryset().filter(pk__in=[s.pk for s in made])
        return Response(SlotSerializer(fresh, many=True).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule.slot_delete(slot=self.get_object(), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[FAIR_SLUG])
class MeetingTableViewSet(
    FairScopedMixin,
    mixins.ListModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The fair's meeting tables; organizers add them and take them out of use."""

    serializer_class = TableSerializer
    queryset = MeetingTable.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.action == "list" else [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[MeetingTable]:
        if getattr(self, "swagger_fake_view", False):
            return MeetingTable.objects.none()
        return selectors.table_list_for_fair(self.fair)

    @extend_schema(request=TableCreateSerializer, responses={201: TableSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TableCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        table = schedule.table_create(fair=self.fair, actor=_user(request), **data.validated_data)
        return Response(TableSerializer(table).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TableUpdateSerializer, responses=TableSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TableUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        table = schedule.table_set_active(
            table=self.get_object(), actor=_user(request), **data.validated_data
        )
        return Response(TableSerializer(table).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=TableGenerateSerializer, responses={201: TableSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def generate(self, request: Request, fair_slug: str) -> Response:
        """Add `count` tables named prefix + number (B01, B02, …)."""
        data = TableGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = schedule.table_generate(fair=self.fair, actor=_user(request), **data.validated_data)
        return Response(TableSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[FAIR_SLUG])
class MeetingViewSet(
    FairScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings at the fair. List: every meeting (organizers); `mine/`: my schedule as a buyer
    and as an exhibitor. A participant opens only its own meetings (others are 404)."""

    permission_classes = [IsAuthenticated]
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()

    @property
    def filterset_class(self) -> type[filters.FilterSet]:
        return ScheduleFilter if getattr(self, "action", None) == "mine" else MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        user = _user(self.request)
        if self.action == "list":
            self.require_manager()
            return selectors.meeting_list_for_fair(self.fair)
        if self.action == "mine":
            role = self.request.query_params.get("role")
            return selectors.meeting_schedule_for(user, self.fair, role=role)
        manager = can_manage_fair(user, self.fair)
        return selectors.meeting_visible_for(user, self.fair, manager=manager)

    def _render(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.meeting_visible_for(_user(self.request), self.fair, manager=True)
        return Response(MeetingSerializer(fresh.get(pk=meeting.pk)).data, status=code)

    @extend_schema(request=MeetingRequestSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A buyer asks an exhibitor of this fair for a meeting."""
        data = MeetingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        vendor = selectors.meeting_vendor_get(slug=v["vendor"])
        if vendor is None:
            raise ValidationFailed(
                _("No such storefront."), errors={"vendor": [_("Unknown storefront.")]}
            )
        wanted = v.get("preferred_slots", [])
        slots = selectors.slot_list_by_ids(wanted)
        if len(slots) != len(set(wanted)):
            raise ValidationFailed(
                _("Unknown slot."), errors={"preferred_slots": [_("Unknown slot.")]}
            )
        meeting = services.meeting_request(
            fair=self.fair,
            vendor=vendor,
            actor=_user(request),
            message=v.get("message", ""),
            preferred_slots=slots,
        )
        return self._render(meeting, status.HTTP_201_CREATED)

    @extend_schema(responses=MeetingSerializer(many=True))
    @action(detail=False, methods=["get"])
    def mine(self, request: Request, fair_slug: str) -> Response:
        """My schedule at this fair: booked meetings in time order, then open requests."""
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(request=MeetingAcceptSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """The exhibitor books the meeting into a slot; the first free table unless one is
        chosen. 409 with the reason when the buyer, the exhibitor or the table is busy."""
        meeting = self.get_object()
        data = MeetingAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = found_or_404(selectors.slot_get(fair=self.fair, slot_id=data.validated_data["slot"]))
        table_id = data.validated_data.get("table")
        table = (
            found_or_404(selectors.table_get(fair=self.fair, table_id=table_id))
            if table_id
            else None
        )
        meeting = services.meeting_accept(
            meeting=meeting, slot=slot, table=table, actor=_user(request)
        )
        return self._render(meeting)

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """The exhibitor declines, with a reason the buyer reads."""
        reason = request_reason(request)
        meeting = services.meeting_decline(
            meeting=self.get_object(), actor=_user(request), reason=reason
        )
        return self._render(meeting)

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """Either participant (or the organizer) cancels; the slot is free again."""
        reason = request_reason(request)
        meeting = services.meeting_cancel(
            meeting=self.get_object(), actor=_user(request), reason=reason
        )
        return self._render(meeting)

    @extend_schema(request=MeetingOutcomeSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """After the slot: held (and any deal signed, its value in VND) or no-show."""
        data = MeetingOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        meeting = services.meeting_record_outcome(
            meeting=self.get_object(),
            actor=_user(request),
            outcome=v["outcome"],
            deal_signed=v["deal_signed"],
            deal_value=v.get("deal_value"),
            note=v.get("note", ""),
        )
        return self._render(meeting)
