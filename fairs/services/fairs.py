"""Writes on fairs: creating and editing them, their organizers, booth types and lifecycle.

This module stands above the exhibitor and visitor services: cancelling a fair tells every
exhibitor and visitor, and more booths or visitor places promote the waiting lists. They never
import it back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Category
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from fairs.capacity import lock_for_update
from fairs.models import (
    HOLDING_STATUSES,
    BoothType,
    Fair,
    FairKind,
    FairOrganizer,
    FairStatus,
    ShowcaseItem,
)
from fairs.services._common import mark_products_dirty, require_fair_manager
from fairs.services.exhibitors.applications import waitlist_promote
from fairs.services.exhibitors.booths import booths_held
from fairs.services.exhibitors.notifications import exhibitors_notify_fair_cancelled
from fairs.services.visitor_places import waitlist_promote as visitors_waitlist_promote
from fairs.services.visitors import visitors_notify_fair_cancelled
from marketplace.models import Province, User
from marketplace.permissions import is_moderator
from marketplace.services.vendors import unique_slug

FAIR_LIFECYCLE = lifecycle(
    {
        FairStatus.DRAFT: {FairStatus.OPEN, FairStatus.CANCELLED},
        FairStatus.OPEN: {FairStatus.CLOSED, FairStatus.CANCELLED},
        FairStatus.CLOSED: {FairStatus.RUNNING, FairStatus.CANCELLED},
        FairStatus.RUNNING: {FairStatus.FINISHED, FairStatus.CANCELLED},
    }
)

FAIR_FIELDS = frozenset(
    {
        "name",
        "kind",
        "description",
        "venue",
        "province",
        "commune",
        "street_address",
        "online_url",
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "min_ocop_stars",
        "visitor_capacity",
        "approval_mode",
    }
)
EDITABLE_STATUSES = frozenset({FairStatus.DRAFT, FairStatus.OPEN, FairStatus.CLOSED})


def fair_create_require_allowed(actor: User) -> None:
    """Only organizers and moderators create fairs (also asked by the API before the body)."""
    if not (is_moderator(actor) or getattr(actor, "is_organizer", False)):
        raise NotAllowed(_("Only organizers and moderators may create fairs."))


def _check_fair(fair: Fair) -> None:
    """Every rule a person can fix, reported together."""
    errors: dict[str, list[str]] = {}
    if not fair.name.strip():
        errors["name"] = [_("This field is required.")]
    if fair.kind not in FairKind.values:
        errors["kind"] = [_("Choose physical, online or hybrid.")]
    if fair.kind in (FairKind.PHYSICAL, FairKind.HYBRID):
        if not fair.venue.strip():
            errors["venue"] = [_("A physical or hybrid fair needs a venue.")]
        if fair.province_id is None:
            errors["province"] = [_("A physical or hybrid fair needs a province.")]
    if fair.kind in (FairKind.ONLINE, FairKind.HYBRID) and not fair.online_url:
        errors["online_url"] = [_("An online or hybrid fair needs a link.")]
    commune = fair.commune if fair.commune_id is not None else None
    if commune is not None:
        if fair.province_id is None:
            fair.province_id = commune.province_id
        elif commune.province_id != fair.province_id:
            errors["commune"] = [_("This commune is not in the chosen province.")]
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = getattr(fair, name)
        if value is None:
            errors[name] = [_("This field is required.")]
        elif timezone.is_naive(value):
            errors[name] = [_("Give a time with its time zone.")]
    if not errors:
        if fair.ends_at <= fair.starts_at:
            errors["ends_at"] = [_("The fair must end after it starts.")]
        if fair.registration_closes_at <= fair.registration_opens_at:
            errors["registration_closes_at"] = [_("Applications must close after they open.")]
        elif fair.registration_closes_at > fair.ends_at:
            errors["registration_closes_at"] = [
                _("Applications must close by the end of the fair.")
            ]
    if fair.min_ocop_stars is not None and not 3 <= fair.min_ocop_stars <= 5:
        errors["min_ocop_stars"] = [_("OCOP stars go from 3 to 5.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid; see errors."), errors=errors)


def _set_eligibility(
    fair: Fair,
    *,
    allowed_provinces: Iterable[Province] | None,
    allowed_categories: Iterable[Category] | None,
) -> None:
    if allowed_provinces is not None:
        fair.allowed_provinces.set(list(allowed_provinces))
    if allowed_categories is not None:
        fair.allowed_categories.set(list(allowed_categories))


def _set_organizers(fair: Fair, users: Sequence[User]) -> None:
    not_organizers = [u.email for u in users if not (u.is_organizer or u.is_moderator)]
    if not users:
        raise ValidationFailed(
            _("A fair needs at least one organizer."),
            errors={"organizers": [_("A fair needs at least one organizer.")]},
        )
    if not_organizers:
        raise ValidationFailed(
            _("Only organizer accounts can run a fair."),
            errors={
                "organizers": [
                    _("%(email)s is not an organizer account.") % {"email": e}
                    for e in not_organizers
                ]
            },
        )
    keep = {u.pk for u in users}
    FairOrganizer.objects.filter(fair=fair).exclude(user_id__in=keep).delete()
    existing = set(FairOrganizer.objects.filter(fair=fair).values_list("user_id", flat=True))
    FairOrganizer.objects.bulk_create(
        [FairOrganizer(fair=fair, user=u) for u in users if u.pk not in existing]
    )


@transaction.atomic
def fair_create(
    *,
    actor: User,
    organizers: Sequence[User] | None = None,
    allowed_provinces: Iterable[Province] | None = None,
    allowed_categories: Iterable[Category] | None = None,
    **fields: Any,
) -> Fair:
    """A new fair, in draft. An organizer who creates a fair runs it; a moderator names who does."""
    fair_create_require_allowed(actor)
    unknown = set(fields) - FAIR_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    fair = Fair(**fields, created_by=actor)
    _check_fair(fair)
    # Never a path word under /api/v1/fairs/ such as `applications` (D242).
    fair.slug = unique_slug(Fair, fair.name)
    fair.save()
    if organizers is None:
        organizers = [actor]
    elif not is_moderator(actor) and actor not in organizers:
        organizers = [actor, *organizers]
    _set_organizers(fair, organizers)
    _set_eligibility(
        fair, allowed_provinces=allowed_provinces, allowed_categories=allowed_categories
    )
    audit_record(actor=actor, action="fairs.fair.created", target=fair, to_state=fair.status)
    return fair


@transaction.atomic
def fair_update(
    *,
    fair: Fair,
    actor: User,
    organizers: Sequence[User] | None = None,
    allowed_provinces: Iterable[Province] | None = None,
    allowed_categories: Iterable[Category] | None = None,
    **fields: Any,
) -> Fair:
    require_fair_manager(actor, fair)
    unknown = set(fields) - FAIR_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    # The lock registrations queue on: a capacity change and the promotions it makes are one
    # decision (D101).
    [fair] = lock_for_update(Fair.objects.filter(pk=fair.pk))
    capacity_before = fair.visitor_capacity
    if fair.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("A running, finished or cancelled fair can no longer be edited."),
            errors={"status": [fair.get_status_display()]},
        )
    changed = sorted(k for k, v in fields.items() if getattr(fair, k) != v)
    for key, value in fields.items():
        setattr(fair, key, value)
    _check_fair(fair)
    fair.save()
    if organizers is not None:
        _set_organizers(fair, organizers)
        changed.append("organizers")
    if allowed_provinces is not None or allowed_categories is not None:
        _set_eligibility(
            fair, allowed_provinces=allowed_provinces, allowed_categories=allowed_categories
        )
        changed.append("eligibility")
    audit_record(actor=actor, action="fairs.fair.updated", target=fair, data={"fields": changed})
    if fair.visitor_capacity != capacity_before:
        # More places (or no limit any more): the waiting visitors get them, in order.
        visitors_waitlist_promote(fair=fair, actor=actor)
    if fair.published_at is not None:
        public_changed_send(kind="fair", object_ids=[fair.pk], event="fair.updated")
    return fair


def _showcase_product_ids(fair: Fair) -> list[int]:
    return list(
        ShowcaseItem.objects.filter(
            application__fair=fair, application__status__in=HOLDING_STATUSES
        ).values_list("product_id", flat=True)
    )


def _move(fair: Fair, *, to: FairStatus, actor: User, reason: str = "", **extra: Any) -> Fair:
    require_fair_manager(actor, fair)
    fair = transition(
        instance=fair,
        to=to,
        actor=actor,
        table=FAIR_LIFECYCLE,
        action=f"fairs.fair.{to}",
        reason=reason,
        **extra,
    )
    events = {FairStatus.OPEN: "fair.published", FairStatus.CANCELLED: "fair.cancelled"}
    public_changed_send(kind="fair", object_ids=[fair.pk], event=events.get(to, "fair.updated"))
    return fair


@transaction.atomic
def fair_open(*, fair: Fair, actor: User) -> Fair:
    """Publish the fair and open applications (they are accepted within its window)."""
    require_fair_manager(actor, fair)
    if not fair.booth_types.exists():
        raise Conflict(
            _("Add at least one booth type before opening the fair."),
            errors={"booth_types": [_("Add at least one booth type.")]},
        )
    return _move(
        fair,
        to=FairStatus.OPEN,
        actor=actor,
        changes={"published_at": fair.published_at or timezone.now()},
    )


@transaction.atomic
def fair_close(*, fair: Fair, actor: User) -> Fair:
    return _move(fair, to=FairStatus.CLOSED, actor=actor)


@transaction.atomic
def fair_start(*, fair: Fair, actor: User) -> Fair:
    return _move(fair, to=FairStatus.RUNNING, actor=actor)


@transaction.atomic
def fair_finish(*, fair: Fair, actor: User) -> Fair:
    return _move(fair, to=FairStatus.FINISHED, actor=actor)


@transaction.atomic
def fair_cancel(*, fair: Fair, actor: User, reason: str) -> Fair:
    """Cancel the fair (reason required). Applications keep their status for the record; the
    fair leaves listings and its showcase disappears from the product filter and search."""
    fair = _move(fair, to=FairStatus.CANCELLED, actor=actor, reason=reason, reason_required=True)
    mark_products_dirty(_showcase_product_ids(fair))
    exhibitors_notify_fair_cancelled(fair=fair)
    visitors_notify_fair_cancelled(fair=fair)
    return fair


# --- booth types -------------------------------------------------------------------------------

BOOTH_TYPE_FIELDS = frozenset({"name", "size", "price", "count", "position", "description"})


def _check_booth_type_editable(fair: Fair) -> None:
    if fair.status not in EDITABLE_STATUSES:
        raise Conflict(_("Booth types of a running, finished or cancelled fair cannot change."))


def _check_booth_type(booth_type: BoothType) -> None:
    errors: dict[str, list[str]] = {}
    if not booth_type.name.strip():
        errors["name"] = [_("This field is required.")]
    if booth_type.price is None or booth_type.price < 0:
        errors["price"] = [_("Give the price in VND, 0 or more.")]
    if booth_type.count is None or booth_type.count < 0:
        errors["count"] = [_("Give the number of booths, 0 or more.")]
    if (
        BoothType.objects.filter(fair_id=booth_type.fair_id, name=booth_type.name)
        .exclude(pk=booth_type.pk)
        .exists()
    ):
        errors["name"] = [_("This fair already has a booth type with this name.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid; see errors."), errors=errors)


@transaction.atomic
def booth_type_create(*, fair: Fair, actor: User, **fields: Any) -> BoothType:
    require_fair_manager(actor, fair)
    _check_booth_type_editable(fair)
    unknown = set(fields) - BOOTH_TYPE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    booth_type = BoothType(fair=fair, **fields)
    _check_booth_type(booth_type)
    booth_type.save()
    audit_record(
        actor=actor,
        action="fairs.booth_type.created",
        target=booth_type,
        data={"fair": fair.slug, "count": booth_type.count, "price": booth_type.price},
    )
    return booth_type


@transaction.atomic
def booth_type_update(*, booth_type: BoothType, actor: User, **fields: Any) -> BoothType:
    """Edit a booth type. Lowering `count` below the booths already held is refused; raising it
    promotes waiting applications at once."""
    require_fair_manager(actor, booth_type.fair)
    _check_booth_type_editable(booth_type.fair)
    unknown = set(fields) - BOOTH_TYPE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    [locked] = lock_for_update(BoothType.objects.filter(pk=booth_type.pk))
    before = {k: getattr(locked, k) for k in fields}
    for key, value in fields.items():
        setattr(locked, key, value)
    _check_booth_type(locked)
    held = booths_held(locked)
    if locked.count < held:
        raise Conflict(
            _("%(held)s booths of this type are already held; the count cannot go below that.")
            % {"held": held},
            errors={"count": [_("At least %(held)s.") % {"held": held}]},
        )
    locked.save()
    audit_record(
        actor=actor,
        action="fairs.booth_type.updated",
        target=locked,
        data={"before": before, "after": {k: getattr(locked, k) for k in fields}},
    )
    if "count" in fields and locked.count > before["count"]:
        waitlist_promote(booth_type=locked, actor=actor)
    return locked


@transaction.atomic
def booth_type_delete(*, booth_type: BoothType, actor: User) -> None:
    require_fair_manager(actor, booth_type.fair)
    _check_booth_type_editable(booth_type.fair)
    if booth_type.applications.exists():
        raise Conflict(
            _("Applications refer to this booth type; set its count to what is held instead.")
        )
    audit_record(
        actor=actor,
        action="fairs.booth_type.deleted",
        target=booth_type,
        data={"fair": booth_type.fair.slug, "name": booth_type.name},
    )
    booth_type.delete()
