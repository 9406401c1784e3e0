"""Visitor API: registering for a fair, my tickets and their QR codes, the fair's registrations,
and check-in at the gates (one scan at a time, or an offline batch)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ReasonSerializer
from core.errors import Conflict, DomainError, NotFound, ValidationFailed
from fairs import tickets
from fairs.api.common import FAIR_SLUG, FairScopedMixin, found_or_404, problem, request_reason
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
from fairs.models import CheckIn, Fair, RefusalReason, RegistrationStatus, VisitorRegistration
from fairs.selectors import visitors as selectors
from fairs.services import visitors as services
from marketplace.permissions import acting_user as _user

# --- error responses of the OpenAPI document --------------------------------------------------

E400 = problem("`validation_error`: a field is not valid; see `errors`.")
E401 = problem("`not_authenticated`: sign in first.")
E403_STAFF = problem("`permission_denied`: only this fair's organizers or a moderator.")
E404_FAIR = problem("`not_found`: no such fair (or not published).")
E400_PAGE = "a page past the offset limit (D86)"
E404_LIST = problem("`not_found`: no such fair (or not published), or no such page.")
E404_TICKET = problem("`not_found`: no such ticket of yours.")
E409_CANCEL = problem(
    "`already_checked_in`: the ticket was used to enter; `illegal_transition`: it is "
    "cancelled already."
)

# --- registrations and tickets ---------------------------------------------------------------


@extend_schema(parameters=[FAIR_SLUG])
@extend_schema_view(
    list=extend_schema(
        responses={
            200: RegistrationSerializer(many=True),
            400: problem(f"`validation_error`: an unknown `status` or {E400_PAGE}."),
            401: E401,
            403: E403_STAFF,
            404: E404_LIST,
        }
    )
)
class FairRegistrationViewSet(FairScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """POST: register for the fair (any signed-in person) and get a ticket, or a place on its
    waiting list when it is full. GET: the fair's registrations (its organizers and
    moderators); `?status=waiting` is the waiting list."""

    permission_classes = [IsAuthenticated]
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    queryset = VisitorRegistration.objects.none()

    def get_queryset(self) -> QuerySet[VisitorRegistration]:
        if getattr(self, "swagger_fake_view", False):
            return VisitorRegistration.objects.none()
        self.require_manager()
        return selectors.registration_list_for_fair(self.fair)

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={
            201: TicketSerializer,
            400: E400,
            401: E401,
            404: E404_FAIR,
            409: problem(
                "`fair_full`: every place is taken; the fair has a waiting list, send "
                "`waitlist: true` to join it. `already_registered`: you hold a ticket. "
                "`already_waiting`: you are on the waiting list. `registration_closed`, "
                "`registration_not_open`: the fair does not take visitors now."
            ),
        },
        description="Register for the fair. A ticket: 201 with `status: active` and its code. "
        "When the fair is full (or people wait): with `waitlist: true`, 201 with "
        "`status: waiting`, `waitlist_position` and no code — the ticket comes by e-mail when a "
        "place is freed, first in line first; without it, 409 `fair_full`.",
    )
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

    @extend_schema(
        request=ReasonSerializer,
        responses={
            200: RegistrationSerializer,
            400: E400,
            401: E401,
            403: E403_STAFF,
            404: problem("`not_found`: no such fair, or no such registration of it."),
            409: E409_CANCEL,
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, fair_slug: str, pk: str | None = None) -> Response:
        """Organizers: cancel someone's ticket (the place goes to the first on the waiting
        list) or take someone off the waiting list."""
        registration = self.get_object()
        services.registration_cancel(
            registration=registration, actor=_user(request), reason=request_reason(request)
        )
        fresh = selectors.registration_list_for_fair(self.fair).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data)


@extend_schema_view(
    list=extend_schema(
        responses={
            200: TicketSerializer(many=True),
            400: problem(f"`validation_error`: {E400_PAGE}."),
            401: E401,
            404: problem("`not_found`: no such page."),
        }
    ),
    retrieve=extend_schema(responses={200: TicketSerializer, 401: E401, 404: E404_TICKET}),
)
class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My visitor tickets, newest first; each with its signed code and QR image links. A place
    on a waiting list is here too (`status: waiting`, `waitlist_position`, no code)."""

    permission_classes = [IsAuthenticated]
    serializer_class = TicketSerializer
    queryset = VisitorRegistration.objects.none()

    def get_queryset(self) -> QuerySet[VisitorRegistration]:
        if getattr(self, "swagger_fake_view", False):
            return VisitorRegistration.objects.none()
        return selectors.ticket_list_for_user(_user(self.request))

    @extend_schema(
        request=ReasonSerializer,
        responses={200: TicketSerializer, 400: E400, 401: E401, 404: E404_TICKET, 409: E409_CANCEL},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Give up my place: it goes at once to the first on the waiting list. On a waiting
        list: leave it."""
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
            401: E401,
            404: E404_TICKET,
            409: problem(
                "`ticket_cancelled`: the ticket was cancelled. `ticket_waiting`: a place on the "
                "waiting list has no ticket (yet)."
            ),
        },
        summary="QR code of my ticket (SVG or PNG)",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        ticket = found_or_404(selectors.ticket_get_for_user(user=_user(request), ticket_id=pk))
        if ticket.status == RegistrationStatus.WAITING:
            raise Conflict(
                _("You are on the waiting list: the ticket comes by e-mail when a place is freed."),
                code="ticket_waiting",
            )
        if ticket.status != RegistrationStatus.ACTIVE:
            raise Conflict(_("This ticket was cancelled."), code="ticket_cancelled")
        if self.kind == "png":
            response = HttpResponse(tickets.qr_png(ticket.code), content_type="image/png")
        else:
            response = HttpResponse(tickets.qr_svg(ticket.code), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-store"
        return response


# --- check-in --------------------------------------------------------------------------------


def _local(when: Any) -> str:
    return f"{timezone.localtime(when):%H:%M %d/%m/%Y}"


def _refusal_error(outcome: services.ScanOutcome, fair: Fair) -> DomainError:
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
    opens, ends = services.checkin_window(fair)
    if refusal == RefusalReason.NOT_OPEN:
        return Conflict(
            _("Check-in has not opened yet: it opens at %(when)s (Vietnam time).")
            % {"when": _local(opens)},
            errors={"scanned_at": [_("Do not admit before %(when)s.") % {"when": _local(opens)}]},
            code="checkin_not_open",
        )
    if refusal == RefusalReason.ENDED:
        return Conflict(
            _("The fair ended at %(when)s (Vietnam time); check-in is closed.")
            % {"when": _local(ends)},
            errors={"scanned_at": [_("Do not admit: the fair has ended.")]},
            code="checkin_ended",
        )
    if refusal == RefusalReason.WAITING:
        return Conflict(
            _("This person is on the waiting list and has no ticket yet; do not admit."),
            code="ticket_waiting",
        )
    return Conflict(_("This ticket was cancelled; do not admit."), code="ticket_cancelled")


E409_CHECKIN_CLOSED = "`checkin_closed`: the fair is a draft, finished or cancelled."


@extend_schema(parameters=[FAIR_SLUG])
@extend_schema_view(
    list=extend_schema(
        responses={
            200: CheckInSerializer(many=True),
            400: problem(f"`validation_error`: {E400_PAGE}."),
            401: E401,
            403: E403_STAFF,
            404: E404_LIST,
        }
    )
)
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
        responses={
            200: ScanOutcomeSerializer,
            400: problem(
                "`invalid_ticket`: the code is forged or altered; `validation_error`: a field "
                "is not valid (e.g. `scanned_at` in the future)."
            ),
            401: E401,
            403: E403_STAFF,
            404: problem("`not_found`: no such fair; `unknown_ticket`: no such ticket."),
            409: problem(
                "`checkin_not_open`: before the check-in window (the detail says when it "
                "opens); `checkin_ended`: after the fair ended; `ticket_cancelled`; "
                "`ticket_waiting`: a place on the waiting list, no ticket; `wrong_fair`: "
                "another fair's ticket; " + E409_CHECKIN_CLOSED
            ),
        },
        description="Scan one ticket. First scan: `result=admitted`. Later scans: 200 with "
        "`already_checked_in: true` and `first_scan` (when, by whom, at which gate). Tickets "
        "are admitted only inside the fair's check-in window, from "
        "FAIRS_CHECKIN_OPENS_BEFORE_MINUTES (default 120) before it starts until it ends, "
        "judged at `scanned_at`; outside it: 409 `checkin_not_open` or `checkin_ended`, times "
        "in Asia/Ho_Chi_Minh. Forged or altered code: 400 `invalid_ticket`; cancelled ticket: "
        "409 `ticket_cancelled`; another fair's ticket: 409 `wrong_fair`. Every scan is "
        "recorded, refused ones too.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_manager()
        data = ScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.checkin_scan(fair=self.fair, actor=_user(request), **data.validated_data)
        if outcome.result == "refused":
            raise _refusal_error(outcome, self.fair)
        return Response(ScanOutcomeSerializer(outcome).data)

    @extend_schema(
        request=BatchSerializer,
        responses={
            200: BatchResultSerializer,
            400: E400,
            401: E401,
            403: E403_STAFF,
            404: E404_FAIR,
            409: problem(E409_CHECKIN_CLOSED),
        },
        description='Upload scans made offline (at most 500), as `{"scans": [...]}` or the '
        "bare list. Each scan_id is recorded once: "
        "uploading the same batch again changes nothing and counts the scans as duplicates. "
        "Each scan is decided on its own; refused ones do not undo the others. A scan made "
        "outside the fair's check-in window is refused (`refusal`: `checkin_not_open` or "
        "`fair_ended`), judged at its own `scanned_at`: a scan made during the fair and "
        "uploaded after it ended still counts.",
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
