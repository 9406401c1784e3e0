"""API views of the exchange: thin — parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.views import TokenObtainPairView

from core.api.lists import RowListMixin
from core.api.params import TextSearchFilter
from core.api.serializers import (
    PROBLEM_400,
    ReasonSerializer,
    problem_response,
)
from core.api.throttling import ScopedRateThrottle
from marketplace import selectors
from marketplace.api.serializers import (
    CommuneSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    LogoutSerializer,
    MembershipSerializer,
    MeSerializer,
    ProvinceSerializer,
    RegisterSerializer,
    RegistrationAcceptedSerializer,
    VendorDetailSerializer,
    VendorPublicSerializer,
    VendorWriteSerializer,
    vendor_rows,
)
from marketplace.models import (
    Commune,
    Province,
    User,
    Vendor,
    VendorMembership,
)
from marketplace.permissions import acting_user as _user
from marketplace.permissions import (
    is_moderator,
    require_member_or_moderator,
    require_owner,
)
from marketplace.services import sessions as session_services
from marketplace.services import sign_in
from marketplace.services import users as user_services
from marketplace.services import vendors as vendor_services

# --- people --------------------------------------------------------------------------------


class RegisterView(APIView):
    """Open an account. The answer is the same whether or not the e-mail already has one (no
    account enumeration, D106): the mail sent to the address says which it was."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=RegisterSerializer,
        responses={
            202: RegistrationAcceptedSerializer,
            400: OpenApiResponse(description="A field is not valid (never a taken e-mail)."),
            429: OpenApiResponse(description="Too many attempts from this address."),
        },
    )
    def post(self, request: Request) -> Response:
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_services.user_register(**data.validated_data)
        accepted = {
            "email": data.validated_data["email"],
            "detail": _("We sent a message to this address; it tells you how to sign in."),
        }
        return Response(
            RegistrationAcceptedSerializer(accepted).data, status=status.HTTP_202_ACCEPTED
        )


class TokenObtainView(TokenObtainPairView):
    """`{"email", "password"}` → `{"access", "refresh"}`; rate limited against guessing: per
    address (`THROTTLE_LOGIN`) and per account (`LOGIN_FAILURES_MAX` failures, D106)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        identifier = request.data.get("email") if isinstance(request.data, Mapping) else None
        if not isinstance(identifier, str) or not identifier.strip():
            return super().post(request, *args, **kwargs)  # the serializer names what is missing
        wait = sign_in.sign_in_locked_for(identifier)
        if wait is not None:
            raise Throttled(
                wait=wait,
                detail=_("Too many failed sign-ins for this account; try again later."),
                code="login_locked",
            )
        try:
            response = super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            sign_in.sign_in_failed(identifier)
            raise
        sign_in.sign_in_succeeded(identifier)
        return response


class LogoutView(APIView):
    """Sign out: the refresh token given is blacklisted, so it can no longer be refreshed; the
    access token in hand ends with its short lifetime (D181). The refresh token is the proof, so
    no access token is needed (it may have expired already)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'  # a refused token is a 401, as at auth/token/refresh/

    @extend_schema(
        request=LogoutSerializer,
        responses={
            204: OpenApiResponse(description="Signed out: the refresh token is revoked."),
            400: PROBLEM_400,
            401: problem_response(
                "The refresh token is not valid, has expired or is revoked already."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = LogoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            session_services.refresh_token_revoke(token=data.validated_data["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user, its roles, and the storefronts it belongs to."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return User.objects.prefetch_related(
            Prefetch(
                "vendor_memberships",
                queryset=VendorMembership.objects.select_related("vendor"),
            )
        ).get(pk=_user(self.request).pk)


# --- regions -------------------------------------------------------------------------------


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProvinceSerializer
    queryset = Province.objects.all()
    lookup_field = "code"
    pagination_class = None

    @extend_schema(responses=CommuneSerializer(many=True))
    @action(detail=True, methods=["get"])
    def communes(self, request: Request, code: str | None = None) -> Response:
        province = self.get_object()
        qs = Commune.objects.filter(province=province).order_by("code")
        return Response(CommuneSerializer(qs, many=True).data)


# --- storefronts ---------------------------------------------------------------------------


class VendorFilter(filters.FilterSet):
    q = TextSearchFilter(
        help_text=gettext_lazy(
            "Words to look for in the storefront's names, with or without diacritics (the "
            "search backend answers, ranked by relevance)."
        )
    )
    # Bounded: a huge number overflowed the database integer (a 500, found by the API fuzzer).
    province = filters.NumberFilter(field_name="province_id", min_value=0, max_value=2**31 - 1)
    commune = filters.NumberFilter(field_name="commune_id", min_value=0, max_value=2**31 - 1)
    kind = filters.CharFilter(field_name="kind")

    class Meta:
        model = Vendor
        fields: list[str] = []


def _decision(request: Request) -> str:
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data.get("reason", ""))


class VendorViewSet(
    RowListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Approved storefronts for everyone; members and moderators also reach the others."""

    lookup_field = "slug"
    serializer_class = VendorPublicSerializer
    filterset_class = VendorFilter
    text_search = "vendors"  # `q` (D91)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Vendor]:
        if self.action == "list":
            return selectors.vendor_list_public()
        return selectors.vendor_list_visible(self.request.user)

    def render_rows(self, rows: list[Vendor]) -> list[dict[str, Any]]:
        return vendor_rows(rows)

    def _detail(self, vendor: Vendor, code: int = status.HTTP_200_OK) -> Response:
        """The detail shape; moderators also see the storefronts it may duplicate (D92)."""
        duplicates = (
            selectors.possible_duplicates(vendor) if is_moderator(self.request.user) else None
        )
        data = VendorDetailSerializer(vendor, context={"possible_duplicates": duplicates}).data
        return Response(data, status=code)

    def _render(self, vendor: Vendor, code: int = status.HTTP_200_OK) -> Response:
        return self._detail(self.get_queryset().get(pk=vendor.pk), code)

    @extend_schema(responses=VendorDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=VendorWriteSerializer, responses={201: VendorDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = VendorWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        vendor = vendor_services.vendor_create(actor=_user(request), **fields)
        return self._render(vendor, status.HTTP_201_CREATED)

    @extend_schema(request=VendorWriteSerializer, responses=VendorDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vendor = self.get_object()
        data = VendorWriteSerializer(vendor, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vendor = vendor_services.vendor_update(
            vendor=vendor, actor=_user(request), **data.validated_data
        )
        return self._render(vendor)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def _decide(self, request: Request, service: Any, **extra: Any) -> Response:
        vendor = self.get_object()
        vendor = service(vendor=vendor, actor=_user(request), **extra)
        return self._render(vendor)

    @extend_schema(request=ReasonSerializer, responses=VendorDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str | None = None) -> Response:
        return self._decide(request, vendor_services.vendor_approve, reason=_decision(request))

    @extend_schema(request=ReasonSerializer, responses=VendorDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str | None = None) -> Response:
        return self._decide(request, vendor_services.vendor_reject, reason=_decision(request))

    @extend_schema(request=ReasonSerializer, responses=VendorDetailSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, slug: str | None = None) -> Response:
        return self._decide(request, vendor_services.vendor_suspend, reason=_decision(request))

    @extend_schema(request=ReasonSerializer, responses=VendorDetailSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, slug: str | None = None) -> Response:
        return self._decide(request, vendor_services.vendor_approve, reason=_decision(request))

    @extend_schema(request=None, responses=VendorDetailSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, slug: str | None = None) -> Response:
        return self._decide(request, vendor_services.vendor_resubmit)

    @extend_schema(
        methods=["GET"], responses=MembershipSerializer(many=True), description="Members."
    )
    @extend_schema(
        methods=["POST"],
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer},
        description="Invite someone by e-mail (owners only); the code travels in the e-mail.",
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request: Request, slug: str | None = None) -> Response:
        vendor = self.get_object()
        if request.method == "POST":
            data = InvitationCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            invitation, _token = vendor_services.vendor_invite_member(
                vendor=vendor, actor=_user(request), **data.validated_data
            )
            return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
        require_member_or_moderator(request.user, vendor)
        # Paged like every list (the schema always said so; it was a bare array before, D116).
        qs = vendor.memberships.select_related("user").order_by("created_at", "id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<member_id>\d+)")
    def remove_member(
        self, request: Request, slug: str | None = None, member_id: str = ""
    ) -> Response:
        vendor = self.get_object()
        require_member_or_moderator(request.user, vendor)
        membership = get_object_or_404(VendorMembership, vendor=vendor, pk=member_id)
        vendor_services.vendor_member_remove(membership=membership, actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=InvitationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def invitations(self, request: Request, slug: str | None = None) -> Response:
        vendor = self.get_object()
        require_owner(request.user, vendor)
        page = self.paginate_queryset(vendor.invitations.order_by("-created_at", "-id"))
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)


class InvitationAcceptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=InvitationAcceptSerializer, responses={201: MembershipSerializer})
    def post(self, request: Request) -> Response:
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = vendor_services.vendor_invitation_accept(
            token=data.validated_data["token"], actor=_user(request)
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)
