"""Query filters of the fairs API lists: fairs, applications, registrations and meetings.

A bad value answers 400 in the one error shape, `errors: {parameter: [message]}` (raised by
DjangoFilterBackend), and the parameters appear in the OpenAPI document.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fairs.models import (
    ApplicationStatus,
    ExhibitorApplication,
    Fair,
    FairKind,
    FairStatus,
    Meeting,
    MeetingStatus,
    RegistrationStatus,
    VisitorRegistration,
)

# Numbers are bounded: a huge one overflowed the database integer (found by the API fuzzer).
INT32 = 2**31 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A row id: a whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


# --- fairs -------------------------------------------------------------------------------------


class FairFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=FairStatus.choices)
    kind = filters.ChoiceFilter(choices=FairKind.choices)
    province = filters.NumberFilter(
        field_name="province_id", help_text=_("Province code."), min_value=0, max_value=INT32
    )
    upcoming = filters.BooleanFilter(
        method="filter_upcoming",
        help_text=_("true: fairs not yet ended; false: fairs that have ended."),
    )
    mine = filters.BooleanFilter(
        method="filter_mine",
        help_text=_("true: the fairs you run, in every status (organizers and moderators)."),
    )

    class Meta:
        model = Fair
        fields: list[str] = []

    def filter_upcoming(self, queryset: QuerySet[Fair], name: str, value: bool) -> QuerySet[Fair]:
        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value else queryset.filter(ends_at__lt=now)

    def filter_mine(self, queryset: QuerySet[Fair], name: str, value: bool) -> QuerySet[Fair]:
        return queryset  # the view picks the queryset; declared here for validation and docs


# --- exhibitor applications --------------------------------------------------------------------


class ApplicationStatusFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=ApplicationStatus.choices,
        error_messages={"invalid_choice": _("Choose a valid status.")},
    )

    class Meta:
        model = ExhibitorApplication
        fields: list[str] = []


class ApplicationFilter(ApplicationStatusFilter):
    """/fairs/applications/: mine and my fairs'."""

    fair = filters.CharFilter(field_name="fair__slug", help_text="Fair slug.")


class FairApplicationFilter(ApplicationStatusFilter):
    """/fairs/{slug}/applications/: the applications to one fair."""

    booth_type = IdFilter(
        field_name="booth_type_id",
        min_value=0,
        max_value=INT32,
        error_messages={
            key: _("Give a booth type id.") for key in ("invalid", "min_value", "max_value")
        },
    )


# --- visitors ----------------------------------------------------------------------------------


class RegistrationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)
    checked_in = filters.BooleanFilter(
        field_name="checked_in_at", lookup_expr="isnull", exclude=True
    )
    q = filters.CharFilter(method="filter_q", help_text=_("E-mail, name or organisation."))

    class Meta:
        model = VisitorRegistration
        fields: list[str] = []

    def filter_q(
        self, qs: QuerySet[VisitorRegistration], name: str, value: str
    ) -> QuerySet[VisitorRegistration]:
        return qs.filter(
            Q(user__email__icontains=value)
            | Q(attendee_name__icontains=value)
            | Q(organization__icontains=value)
        )


# --- meetings ----------------------------------------------------------------------------------


class MeetingFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta:
        model = Meeting
        fields: list[str] = []


class ScheduleFilter(MeetingFilter):
    role = filters.ChoiceFilter(
        choices=[("buyer", "buyer"), ("exhibitor", "exhibitor")],
        method="filter_noop",
        help_text=_("buyer: meetings I asked for; exhibitor: meetings with my storefronts."),
    )

    def filter_noop(self, qs: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        return qs  # applied by the selector; declared for validation and the schema
