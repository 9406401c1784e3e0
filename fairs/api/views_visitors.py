"""Visitor API: registering for a fair, my tickets and their QR codes, the fair's registrations,
and check-in at the gates (one scan at a time, or an offline batch)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ReasonSerializer
from core.errors import Conflict, DomainError, NotFound, ValidationFailed
from fairs import tickets
from fairs.api.common import FAIR_SLUG, FairScopedMixin, found_or_404, request_reason
from fairs.api.filters import RegistrationFilter
from fairs.api.serializers_visitors import (
    BatchResultSerializer,
    BatchSerializer,
    CheckInSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    ScanOutcomeSerializer,
    ScanSerializer,
    TicketSerializer,
)
from fairs.models import CheckIn, RefusalReason, RegistrationStatus, VisitorRegistration
from fairs.selectors import visitors as selectors
from fairs.services import visitors as services
from marketplace.permissions import acting_user as _user

# --- registrations and tickets ---------------------------------------------------------------


@extend_schema(parameters=[FAIR_SLUG])
class FairRegistrationViewSet(FairScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """POST: register for the fair (any signed-in person) and get a ticket.
    GET: the fair's registrations (its organizers and moderators)."""

    permission_classes = [IsAuthenticated]
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    queryset = VisitorRegistration.objects.none()

    def get_queryset(self) -> QuerySet[VisitorRegistration]:
        if getattr(self, "swagger_fake_view", False):
            return VisitorRegistration.objects.none()
        self.require_manager()
        return selectors.registration_list_for_fair(self.fair)

    @extend_schema(request=RegistrationCreateSerializer, responses={201: TicketSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RegistrationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_create(
            fair=self.fair, actor=_user(request), **data.validated_data
        )
        # The new ticket carries its fair already: render it without reading it back.
        return Response(
            TicketSerializer(registration, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ReasonSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """Organizers: cancel someone's ticket (the place is freed)."""
        registration = self.get_object()
        services.registration_cancel(
            registration=registration, actor=_user(request), reason=request_reason(request)
        )
        fresh = selectors.registration_list_for_fair(self.fair).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data)


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My visitor tickets, newest first; each with its signed code and QR image links."""

    permission_classes = [IsAuthenticated]
    serializer_class = TicketSerializer
    queryset = VisitorRegistration.objects.none()

    def get_queryset(self) -> QuerySet[VisitorRegistration]:
        if getattr(self, "swagger_fake_view", False):
            return VisitorRegistration.objects.none()
        return selectors.ticket_list_for_user(_user(self.request))

    @extend_schema(request=ReasonSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Give up my place; someone else can take it at once."""
        reason = request_reason(request)
        services.registration_cancel(
            registration=self.get_object(), actor=_user(request), reason=reason
        )
        return Response(TicketSerializer(self.get_object(), context={"request": request}).data)


class TicketQrView(APIView):
    """The ticket's QR code image (its holder only)."""

    permission_classes = [IsAuthenticated]
    kind = "svg"

    @extend_schema(
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
        },
        summary="QR code of my ticket (SVG or PNG)",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        ticket = found_or_404(selectors.ticket_get_for_user(user=_user(request), ticket_id=pk))
        if ticket.status != RegistrationStatus.ACTIVE:
            raise Conflict(_("This ticket was cancelled."), code="ticket_cancelled")
        if self.kind == "png":
            response = HttpResponse(tickets.qr_png(ticket.code), content_type="image/png")
        else:
            response = HttpResponse(tickets.qr_svg(ticket.code), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-store"
        return response


# --- check-in --------------------------------------------------------------------------------


def _refusal_error(outcome: services.ScanOutcome) -> DomainError:
    refusal = outcome.scan.refusal
    if refusal == RefusalReason.INVALID_CODE:
        return ValidationFailed(
            _("This is not a ticket of this exchange: the code is forged or altered."),
            errors={"code": [_("Invalid ticket code.")]},
            code="invalid_ticket",
        )
    if refusal == RefusalReason.UNKNOWN_TICKET:
        return NotFound(_("No such ticket."), code="unknown_ticket")
    if refusal == RefusalReason.WRONG_FAIR:
        return Conflict(_("This ticket is for another fair."), code="wrong_fair")
    return Conflict(_("This ticket was cancelled; do not admit."), code="ticket_cancelled")


@extend_schema(parameters=[FAIR_SLUG])
class CheckInViewSet(FairScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Scans at the fair's gates (organizers and moderators)."""

    permission_classes = [IsAuthenticated]
    serializer_class = CheckInSerializer
    queryset = CheckIn.objects.none()

    def get_queryset(self) -> QuerySet[CheckIn]:
        if getattr(self, "swagger_fake_view", False):
            return CheckIn.objects.none()
        self.require_manager()
        return selectors.checkin_list_for_fair(self.fair)

    @extend_schema(
        request=ScanSerializer,
        responses={200: ScanOutcomeSerializer},
        description="Scan one ticket. First scan: `result=admitted`. Later scans: 200 with "
        "`already_checked_in: true` and `first_scan` (when, by whom, at which gate). Forged or "
        "altered code: 400 `invalid_ticket`; cancelled ticket: 409 `ticket_cancelled`; "
        "another fair's ticket: 409 `wrong_fair`. Every scan is recorded.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_manager()
        data = ScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.checkin_scan(fair=self.fair, actor=_user(request), **data.validated_data)
        if outcome.result == "refused":
            raise _refusal_error(outcome)
        return Response(ScanOutcomeSerializer(outcome).data)

    @extend_schema(
        request=BatchSerializer,
        responses={200: BatchResultSerializer},
        description='Upload scans made offline (at most 500), as `{"scans": [...]}` or the '
        "bare list. Each scan_id is recorded once: "
        "uploading the same batch again changes nothing and counts the scans as duplicates. "
        "Each scan is decided on its own; refused ones do not undo the others.",
    )
    @action(detail=False, methods=["post"])
    def batch(self, request: Request, fair_slug: str) -> Response:
        self.require_manager()
        # Scanners may send the bare list too: [{scan_id, code, scanned_at, device}, …].
        payload = {"scans": request.data} if isinstance(request.data, list) else request.data
        data = BatchSerializer(data=payload)
        data.is_valid(raise_exception=True)
        result = services.checkin_batch(
            fair=self.fair, scans=data.validated_data["scans"], actor=_user(request)
        )
        body = {"counts": result.counts(), "results": result.outcomes}
        return Response(BatchResultSerializer(body).data)
