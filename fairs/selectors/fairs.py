"""Reads on fairs: public listings, what an organizer manages, booth types with availability."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from fairs.models import (
    HOLDING_STATUSES,
    PUBLISHED_FAIR_STATUSES,
    ApplicationStatus,
    BoothType,
    Fair,
    FairOrganizer,
    FairStatus,
)
from marketplace.permissions import AnyUser, is_moderator

# Public listings show published fairs except cancelled ones; a cancelled fair's own page stays
# reachable so people following a link learn it was cancelled.
LISTED_STATUSES = PUBLISHED_FAIR_STATUSES
VISIBLE_STATUSES = PUBLISHED_FAIR_STATUSES | {FairStatus.CANCELLED}


def booth_types_with_availability() -> QuerySet[BoothType]:
    return BoothType.objects.annotate(
        held=Coalesce(
            Sum("applications__quantity", filter=Q(applications__status__in=HOLDING_STATUSES)), 0
        ),
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITLISTED)),
    ).order_by("position", "id")


def _list_shape(qs: QuerySet[Fair]) -> QuerySet[Fair]:
    return qs.select_related("province", "commune")


def fair_list_public() -> QuerySet[Fair]:
    return _list_shape(Fair.objects.filter(status__in=LISTED_STATUSES)).order_by("starts_at", "id")


def fair_list_managed(user: AnyUser) -> QuerySet[Fair]:
    """Every fair `user` runs, in any status; all fairs for a moderator."""
    qs = Fair.objects.all()
    if not is_moderator(user):
        if not user.is_authenticated:
            return qs.none()
        qs = qs.filter(Exists(FairOrganizer.objects.filter(fair=OuterRef("pk"), user_id=user.pk)))
    return _list_shape(qs).order_by("-starts_at", "id")


def fair_visible_queryset(user: AnyUser) -> QuerySet[Fair]:
    """Fairs `user` may open: published or cancelled ones, plus drafts it manages."""
    visible = Q(status__in=VISIBLE_STATUSES)
    if is_moderator(user):
        visible = Q()
    elif user.is_authenticated:
        visible |= Q(Exists(FairOrganizer.objects.filter(fair=OuterRef("pk"), user_id=user.pk)))
    return Fair.objects.filter(visible)


def fair_detail_queryset(user: AnyUser) -> QuerySet[Fair]:
    return _list_shape(fair_visible_queryset(user)).prefetch_related(
        Prefetch("booth_types", queryset=booth_types_with_availability()),
        "allowed_provinces",
        "allowed_categories",
        Prefetch(
            "organizer_links",
            queryset=FairOrganizer.objects.select_related("user").order_by("added_at", "id"),
        ),
    )


def fair_get_visible(*, slug: str, user: AnyUser) -> Fair | None:
    """The fair `slug` if `user` may open it (see `fair_visible_queryset`), else None."""
    return fair_visible_queryset(user).filter(slug=slug).first()


def fair_get_detail(*, user: AnyUser, slug: str | None = None, pk: int = 0) -> Fair | None:
    """One fair (by slug, else by id) with its booth types and their availability, eligibility
    and organizers, if `user` may open it; else None."""
    qs = fair_detail_queryset(user)
    return (qs.filter(slug=slug) if slug is not None else qs.filter(pk=pk)).first()


def booth_type_get(*, fair: Fair, booth_type_id: int) -> BoothType | None:
    """One of the fair's booth types, or None (another fair's booth type is None too)."""
    return BoothType.objects.filter(fair=fair, pk=booth_type_id).first()


def booth_type_get_with_availability(*, booth_type_id: int) -> BoothType:
    """A booth type with `held` and `waiting` counted (after a write, to render it)."""
    return booth_types_with_availability().get(pk=booth_type_id)
