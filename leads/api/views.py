"""The API of trade leads: the public list and detail, posting, moderation, closing, offers,
and a member's digest setting (issue 14, D145–D148)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import category_with_descendants
from core.api.params import MAX_QUERY_LENGTH
from core.api.serializers import ReasonSerializer
from core.errors import DomainError, ValidationFailed
from leads.api.serializers import (
    LeadAlertSettingSerializer,
    LeadOfferSerializer,
    LeadOfferWriteSerializer,
    LeadSerializer,
    LeadUpdateSerializer,
    LeadWriteSerializer,
)
from leads.models import Lead, LeadAlertSetting, LeadKind
from leads.selectors import lead_for_vendors_of, lead_list_public, lead_list_visible
from leads.services import digest, leads, offers
from marketplace.models import VendorMembership
from marketplace.permissions import acting_user as _user
from marketplace.permissions import is_moderator
from search import backend as search_backend
from search.base import SearchUnavailable
from search.leads import LeadQuery

INT32 = 2**31 - 1
INT64 = 2**63 - 1
ORDERINGS: dict[str, list[Any]] = {
    "newest": [F("published_at").desc(nulls_last=True), "-id"],
    "expiring": ["expires_on", "id"],
}


class LeadSearchUnavailable(DomainError):
    status = 503
    code = "search_unavailable"
    title = _("Search is unavailable for a moment.")


class LeadFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=LeadKind.choices)
    category = filters.CharFilter(
        method="filter_category", help_text=_("Category slug; includes its descendants.")
    )
    province = filters.NumberFilter(
        field_name="province_id", help_text=_("Province code."), min_value=0, max_value=INT32
    )
    quantity_min = filters.NumberFilter(
        field_name="quantity", lookup_expr="gte", min_value=0, max_value=INT64
    )
    quantity_max = filters.NumberFilter(
        field_name="quantity", lookup_expr="lte", min_value=0, max_value=INT64
    )
    posted_since = filters.DateFilter(
        method="filter_posted_since", help_text=_("Published on or after this day.")
    )
    for_me = filters.BooleanFilter(
        method="filter_for_me",
        help_text=_("Buy leads matched to the storefronts you are a member of."),
    )
    ordering = filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(k, k) for k in ORDERINGS],
        empty_label=None,
        help_text=_("newest (default) or expiring."),
    )

    class Meta:
        model = Lead
        fields: list[str] = []

    def filter_category(self, qs: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        return qs.filter(category__in=category_with_descendants(value))

    def filter_posted_since(self, qs: QuerySet[Lead], name: str, value: dt.date) -> QuerySet[Lead]:
        start = dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())
        return qs.filter(published_at__gte=start)

    def filter_for_me(self, qs: QuerySet[Lead], name: str, value: bool) -> QuerySet[Lead]:
        return lead_for_vendors_of(self.request.user, qs) if value else qs

    def filter_ordering(self, qs: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        return qs.order_by(*ORDERINGS[value])


class LeadSearchFilter(LeadFilter):
    q = filters.CharFilter(
        method="filter_q",
        required=True,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Words to look for, with or without diacritics; each must start a word of the "
            "lead's title, description, category or places."
        ),
    )

    def filter_q(self, qs: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        # The configured search backend matches the text (D167); the other filters, the
        # order and the page apply to the live rows, so a stale index never shows a lead
        # that is no longer public.
        try:
            hits = search_backend().search_leads(LeadQuery(q=value))
        except SearchUnavailable as exc:
            raise LeadSearchUnavailable(_("Search is unavailable; try again shortly.")) from exc
        return qs.filter(pk__in=hits.ids)


def _reason(request: Request) -> str:
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data.get("reason", ""))


def _contact_context(request: Request) -> dict[str, Any]:
    """Who reads: contacts show to signed-in storefront members and moderators, and each
    poster sees their own (LeadSerializer.get_contact)."""
    user = request.user
    return {
        "user_id": user.pk if user.is_authenticated else None,
        "contact_for_all": user.is_authenticated
        and (is_moderator(user) or VendorMembership.objects.filter(user_id=user.pk).exists()),
    }


class LeadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Published leads not yet expired; posters, their storefronts and moderators also open
    the rest."""

    lookup_field = "slug"
    filterset_class = LeadFilter
    serializer_class = LeadSerializer

    def get_queryset(self) -> QuerySet[Lead]:
        if self.action == "list":
            return lead_list_public().order_by(*ORDERINGS["newest"])
        return lead_list_visible(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **_contact_context(self.request)}

    def _render(self, lead: Lead, code: int = status.HTTP_200_OK) -> Response:
        fresh = lead_list_visible(self.request.user).get(pk=lead.pk)
        return Response(LeadSerializer(fresh, context=self.get_serializer_context()).data, code)

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return []
        return [IsAuthenticated()]

    @extend_schema(request=LeadWriteSerializer, responses={201: LeadSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = LeadWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        lead = leads.lead_create(actor=_user(request), **fields)
        return self._render(lead, status.HTTP_201_CREATED)

    @extend_schema(request=LeadUpdateSerializer, responses=LeadSerializer)
    def partial_update(self, request: Request, slug: str | None = None) -> Response:
        """Its poster edits a pending or published lead; a published one goes back to review."""
        lead = self.get_object()
        leads.require_lead_editor(lead=lead, actor=_user(request))  # before reading the body
        data = LeadUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        lead = leads.lead_update(lead=lead, actor=_user(request), **dict(data.validated_data))
        return self._render(lead)

    def _move(self, request: Request, service: Any, **extra: Any) -> Response:
        lead = service(lead=self.get_object(), actor=_user(request), **extra)
        return self._render(lead)

    @extend_schema(request=ReasonSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, leads.lead_approve, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, leads.lead_reject, reason=_reason(request))

    @extend_schema(request=ReasonSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, slug: str | None = None) -> Response:
        return self._move(request, leads.lead_close, reason=_reason(request))

    @extend_schema(request=LeadOfferWriteSerializer, responses={201: LeadOfferSerializer})
    @action(detail=True, methods=["post"])
    def offers(self, request: Request, slug: str | None = None) -> Response:
        lead = self.get_object()
        data = LeadOfferWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        offer = offers.lead_offer(
            lead=lead, actor=_user(request), product_slug=fields.pop("product"), **fields
        )
        return Response(LeadOfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class LeadSearchView(ListAPIView):
    """Public leads whose text holds every word of `q`, folded the way products are, matched
    by the configured search backend (D149, D167)."""

    permission_classes: list[type] = []
    schema_error_statuses = (503,)
    serializer_class = LeadSerializer
    filterset_class = LeadSearchFilter

    def get_queryset(self) -> QuerySet[Lead]:
        return lead_list_public().order_by(*ORDERINGS["newest"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **_contact_context(self.request)}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not LeadQuery(q=request.query_params.get("q", "")).words:
            raise ValidationFailed(
                _("Give words to look for."), errors={"q": [_("This field is required.")]}
            )
        return super().list(request, *args, **kwargs)


class LeadAlertsView(APIView):
    """The signed-in member's daily digest of matching buy leads: on unless turned off."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=LeadAlertSettingSerializer)
    def get(self, request: Request) -> Response:
        setting = LeadAlertSetting.objects.filter(user=_user(request)).first()
        return Response({"digest": setting.digest if setting else True})

    @extend_schema(request=LeadAlertSettingSerializer, responses=LeadAlertSettingSerializer)
    def put(self, request: Request) -> Response:
        data = LeadAlertSettingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        setting = digest.lead_alerts_set(actor=_user(request), digest=data.validated_data["digest"])
        return Response(LeadAlertSettingSerializer(setting).data)
