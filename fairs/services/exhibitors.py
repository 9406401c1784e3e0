"""Writes on exhibitor applications: apply, approve, waitlist, reject, cancel, promote,
confirm, check in, booth numbers and the showcase.

Capacity (D31): every decision that can hold or free booths of a booth type runs in one
transaction that first locks that BoothType row (fairs.capacity.lock_for_update), recounts the
booths held, decides, and writes. Lock order is always booth type, then application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalog.models import Category, Product, ProductStatus
from catalog.selectors import certificates_valid_on
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from fairs.capacity import lock_for_update, race_window
from fairs.models import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    ApplicationStatus,
    ApprovalMode,
    BoothType,
    ExhibitorApplication,
    Fair,
    FairStatus,
    ShowcaseItem,
)
from fairs.services._common import (
    can_manage_fair,
    mark_products_dirty,
    require_fair_manager,
)
from fairs.services.fairs import booths_held
from marketplace.models import User, Vendor, VendorStatus
from marketplace.permissions import is_member, require_member
from marketplace.services.notifications import vendor_member_emails

APPLICATION_LIFECYCLE = lifecycle(
    {
        ApplicationStatus.SUBMITTED: {
            ApplicationStatus.APPROVED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.CANCELLED,
        },
        ApplicationStatus.WAITLISTED: {
            ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.CANCELLED,
        },
        ApplicationStatus.APPROVED: {ApplicationStatus.CONFIRMED, ApplicationStatus.CANCELLED},
        ApplicationStatus.CONFIRMED: {ApplicationStatus.CHECKED_IN, ApplicationStatus.CANCELLED},
    }
)

MAX_SHOWCASE_PRODUCTS = 30
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


# --- eligibility -------------------------------------------------------------------------------


def _when(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def registration_errors(fair: Fair, *, now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    if fair.status != FairStatus.OPEN:
        return [
            _("Registration is closed: the fair is “%(status)s”.")
            % {"status": fair.get_status_display()}
        ]
    if now < fair.registration_opens_at:
        return [
            _("Registration is closed: it opens at %(when)s.")
            % {"when": _when(fair.registration_opens_at)}
        ]
    if now >= fair.registration_closes_at:
        return [
            _("Registration is closed: it closed at %(when)s.")
            % {"when": _when(fair.registration_closes_at)}
        ]
    return []


def _product_errors(vendor: Vendor, products: Sequence[Product]) -> list[str]:
    errors: list[str] = []
    if not products:
        errors.append(_("Choose at least one of your published products to show."))
    if len(products) > MAX_SHOWCASE_PRODUCTS:
        errors.append(_("Choose at most %(n)s products.") % {"n": MAX_SHOWCASE_PRODUCTS})
    for product in products:
        if product.vendor_id != vendor.pk:
            # Say nothing about another storefront's product beyond its id.
            errors.append(
                _("Product #%(id)s is not one of your storefront's products.") % {"id": product.pk}
            )
        elif product.status != ProductStatus.PUBLISHED:
            errors.append(
                _("“%(name)s” is not published; only published products can be shown.")
                % {"name": product.name}
            )
    return errors


def eligibility_errors(
    *, fair: Fair, vendor: Vendor, products: Sequence[Product], now: dt.datetime | None = None
) -> dict[str, list[str]]:
    """Every rule the storefront fails, keyed by what to fix; empty when it may apply."""
    errors: dict[str, list[str]] = {}
    registration = registration_errors(fair, now=now)
    if registration:
        errors["registration"] = registration
    if vendor.status != VendorStatus.APPROVED:
        errors["vendor"] = [
            _(
                "Your storefront is not approved (it is “%(status)s”); only approved "
                "storefronts may apply."
            )
            % {"status": vendor.get_status_display()}
        ]
    if fair.min_ocop_stars:
        best = (
            certificates_valid_on()
            .filter(vendor=vendor)
            .order_by("-stars")
            .values_list("stars", flat=True)
            .first()
        )
        if best is None or best < fair.min_ocop_stars:
            errors["ocop_stars"] = [
                _(
                    "This fair needs at least %(need)s OCOP stars; your best verified "
                    "certificate has %(have)s."
                )
                % {"need": fair.min_ocop_stars, "have": best or 0}
                if best
                else _(
                    "This fair needs at least %(need)s OCOP stars; your storefront has no "
                    "verified, unexpired OCOP certificate."
                )
                % {"need": fair.min_ocop_stars}
            ]
    allowed_provinces = list(fair.allowed_provinces.all())
    if allowed_provinces and vendor.province_id not in {p.pk for p in allowed_provinces}:
        errors["province"] = [
            _("Storefronts from %(province)s may not apply; this fair accepts: %(allowed)s.")
            % {
                "province": vendor.province.name,
                "allowed": ", ".join(p.name for p in allowed_provinces),
            }
        ]
    product_errors = _product_errors(vendor, products)
    if product_errors:
        errors["products"] = product_errors
    if products and not product_errors:
        category_errors = _category_errors(fair, products)
        if category_errors:
            errors["products"] = category_errors
    return errors


def _category_errors(fair: Fair, products: Sequence[Product]) -> list[str]:
    """When the fair restricts categories, at least one chosen product must be in one of them
    (a category includes its descendants)."""
    allowed = list(fair.allowed_categories.all())
    if not allowed:
        return []
    prefixes = tuple(c.path for c in allowed)
    paths = Category.objects.filter(pk__in={p.category_id for p in products}).values_list(
        "path", flat=True
    )
    if any(path.startswith(prefixes) for path in paths):
        return []
    return [
        _("None of the chosen products is in a category this fair accepts: %(allowed)s.")
        % {"allowed": ", ".join(c.name for c in allowed)}
    ]


# --- capacity ----------------------------------------------------------------------------------


def _lock_booth_type(booth_type_id: int) -> BoothType:
    [booth_type] = lock_for_update(BoothType.objects.filter(pk=booth_type_id))
    return booth_type


def _waiting(booth_type: BoothType) -> Any:
    return ExhibitorApplication.objects.filter(
        booth_type=booth_type, status=ApplicationStatus.WAITLISTED
    ).order_by("waitlisted_at", "id")


def _fits(booth_type: BoothType, quantity: int) -> bool:
    """Under the booth type's lock: do `quantity` more booths fit?"""
    return booths_held(booth_type) + quantity <= booth_type.count


def waitlist_promote(*, booth_type: BoothType, actor: User | None) -> list[ExhibitorApplication]:
    """Approve waiting applications of this booth type in order while the first one fits.

    Strictly first come, first served (D32): if the first waiting application needs more
    booths than are free, nobody behind it jumps the queue. Call with the booth type locked.
    """
    promoted: list[ExhibitorApplication] = []
    free = booth_type.count - booths_held(booth_type)
    for application in _waiting(booth_type):
        if application.quantity > free:
            break
        application = transition(
            instance=application,
            to=ApplicationStatus.APPROVED,
            actor=actor,
            table=APPLICATION_LIFECYCLE,
            action="fairs.application.promoted",
            changes={"waitlisted_at": None, "decided_at": timezone.now()},
        )
        free -= application.quantity
        promoted.append(application)
        _notify(application, "promoted")
    if promoted:
        mark_products_dirty(
            ShowcaseItem.objects.filter(application__in=promoted).values_list(
                "product_id", flat=True
            )
        )
    return promoted


# --- notifications -----------------------------------------------------------------------------


def _changed(application: ExhibitorApplication) -> None:
    public_changed_send(
        kind="application", object_ids=[application.pk], event="application.changed"
    )


def _notify(application: ExhibitorApplication, event: str) -> None:
    _changed(application)
    fair = application.fair
    subjects = {
        "received": _("Application received: %(fair)s"),
        "approved": _("Booth approved: %(fair)s"),
        "waitlisted": _("On the waiting list: %(fair)s"),
        "promoted": _("A booth came free, you are in: %(fair)s"),
        "rejected": _("Application not accepted: %(fair)s"),
        "cancelled": _("Application cancelled: %(fair)s"),
    }
    bodies = {
        "received": _("We received the application of %(vendor)s to exhibit at %(fair)s."),
        "approved": _("%(quantity)s × “%(booth)s” booth(s) are held for %(vendor)s at %(fair)s."),
        "waitlisted": _(
            "All “%(booth)s” booths at %(fair)s are taken; %(vendor)s is on the waiting list and "
            "will be approved automatically, in order, when a booth comes free."
        ),
        "promoted": _(
            "A “%(booth)s” booth came free at %(fair)s: %(quantity)s booth(s) are now held for "
            "%(vendor)s."
        ),
        "rejected": _(
            "The application of %(vendor)s to %(fair)s was not accepted. Reason: %(reason)s"
        ),
        "cancelled": _("The application of %(vendor)s to %(fair)s was cancelled. %(reason)s"),
    }
    params = {
        "fair": fair.name,
        "vendor": application.vendor.display_name,
        "booth": application.booth_type.name,
        "quantity": application.quantity,
        "reason": application.status_reason or "—",
    }
    email_after_commit(
        recipients=[
            application.contact_email,
            *vendor_member_emails(application.vendor, owners_only=True),
        ],
        subject=subjects[event] % params,
        body=bodies[event] % params,
    )


def notify_fair_cancelled(*, fair: Fair) -> None:
    for application in ExhibitorApplication.objects.filter(
        fair=fair, status__in=ACTIVE_STATUSES
    ).select_related("vendor"):
        email_after_commit(
            recipients=[application.contact_email],
            subject=_("Fair cancelled: %(fair)s") % {"fair": fair.name},
            body=_("The organizers cancelled %(fair)s. Reason: %(reason)s")
            % {"fair": fair.name, "reason": fair.status_reason},
        )


# --- applying ----------------------------------------------------------------------------------


def _products(vendor: Vendor, product_ids: Sequence[int]) -> list[Product]:
    ids = list(dict.fromkeys(int(i) for i in product_ids))
    found = {p.pk: p for p in Product.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            _("Some chosen products do not exist."),
            errors={
                "products": [
                    _("Product #%(id)s is not one of your storefront's products.") % {"id": i}
                    for i in missing
                ]
            },
        )
    return [found[i] for i in ids]


def _contact_errors(fields: dict[str, str]) -> dict[str, list[str]]:
    return {
        name: [_("This field is required.")]
        for name in CONTACT_FIELDS
        if not (fields.get(name) or "").strip()
    }


def _active_exists(fair: Fair, vendor: Vendor) -> bool:
    return ExhibitorApplication.objects.filter(
        fair=fair, vendor=vendor, status__in=ACTIVE_STATUSES
    ).exists()


def _already_applied() -> Conflict:
    return Conflict(
        _("This storefront already has an application to this fair."),
        errors={"vendor": [_("Cancel the existing application first to apply again.")]},
        code="already_applied",
    )


@transaction.atomic
def application_submit(
    *,
    fair: Fair,
    vendor: Vendor,
    booth_type: BoothType,
    actor: User,
    product_ids: Sequence[int],
    quantity: int = 1,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    note: str = "",
) -> ExhibitorApplication:
    """A storefront applies for booths. In automatic mode the booths are held at once while
    they last, else the application waits in line; in review mode it waits for the organizer."""
    require_member(actor, vendor)
    errors: dict[str, list[str]] = {}
    if booth_type.fair_id != fair.pk:
        errors["booth_type"] = [_("This booth type belongs to another fair.")]
    if quantity < 1:
        errors["quantity"] = [_("Apply for at least one booth.")]
    elif quantity > booth_type.count:
        errors["quantity"] = [_("This booth type has only %(n)s booths.") % {"n": booth_type.count}]
    errors.update(
        _contact_errors(
            {
                "contact_name": contact_name,
                "contact_phone": contact_phone,
                "contact_email": contact_email,
            }
        )
    )
    products = _products(vendor, product_ids)
    errors.update(eligibility_errors(fair=fair, vendor=vendor, products=products))
    if errors:
        raise ValidationFailed(
            _("This storefront cannot apply to this fair as it stands; see errors."),
            errors=errors,
            code="not_eligible",
        )
    if _active_exists(fair, vendor):
        raise _already_applied()

    booth_type = _lock_booth_type(booth_type.pk)
    now = timezone.now()
    status = ApplicationStatus.SUBMITTED
    if fair.approval_mode == ApprovalMode.AUTOMATIC:
        # Strict FIFO: nobody passes a waiting application (D32).
        if not _waiting(booth_type).exists() and _fits(booth_type, quantity):
            status = ApplicationStatus.APPROVED
        else:
            status = ApplicationStatus.WAITLISTED
    race_window()
    try:
        with transaction.atomic():
            application = ExhibitorApplication.objects.create(
                fair=fair,
                vendor=vendor,
                booth_type=booth_type,
                quantity=quantity,
                contact_name=contact_name.strip(),
                contact_phone=contact_phone.strip(),
                contact_email=contact_email.strip(),
                note=note,
                status=status,
                waitlisted_at=now if status == ApplicationStatus.WAITLISTED else None,
                decided_at=now if status != ApplicationStatus.SUBMITTED else None,
                created_by=actor,
            )
    except IntegrityError as exc:
        # A concurrent application of the same storefront won the partial unique index.
        if _active_exists(fair, vendor):
            raise _already_applied() from exc
        raise
    ShowcaseItem.objects.bulk_create(
        [
            ShowcaseItem(application=application, product=p, position=i)
            for i, p in enumerate(products)
        ]
    )
    audit_record(
        actor=actor,
        action=f"fairs.application.{status}",
        target=application,
        to_state=status,
        data={"fair": fair.slug, "booth_type": booth_type.pk, "quantity": quantity},
    )
    _notify(application, "received")
    if status != ApplicationStatus.SUBMITTED:
        _notify(application, status)
    if status == ApplicationStatus.APPROVED:
        mark_products_dirty(p.pk for p in products)
    return application


# --- organizer decisions -----------------------------------------------------------------------


@transaction.atomic
def application_approve(
    *, application: ExhibitorApplication, actor: User, reason: str = ""
) -> ExhibitorApplication:
    """The organizer accepts a submitted (or waiting) application. If the booth type is full the
    application goes to (or stays on) the waiting list instead, and the answer says so."""
    require_fair_manager(actor, application.fair)
    booth_type = _lock_booth_type(application.booth_type_id)
    current = ExhibitorApplication.objects.get(pk=application.pk)
    now = timezone.now()
    if _fits(booth_type, current.quantity) and (
        current.status == ApplicationStatus.WAITLISTED or not _waiting(booth_type).exists()
    ):
        application = transition(
            instance=current,
            to=ApplicationStatus.APPROVED,
            actor=actor,
            table=APPLICATION_LIFECYCLE,
            action="fairs.application.approved",
            reason=reason,
            only_from={ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED},
            changes={"waitlisted_at": None, "decided_at": now},
        )
        _notify(application, "approved")
        mark_products_dirty(application.showcase_items.values_list("product_id", flat=True))
        return application
    if current.status == ApplicationStatus.WAITLISTED:
        raise Conflict(
            _("No “%(booth)s” booth is free; the application stays on the waiting list.")
            % {"booth": booth_type.name},
            errors={"booth_type": [_("Raise the booth count or wait for a cancellation.")]},
            code="booths_full",
        )
    application = transition(
        instance=current,
        to=ApplicationStatus.WAITLISTED,
        actor=actor,
        table=APPLICATION_LIFECYCLE,
        action="fairs.application.waitlisted",
        reason=reason,
        only_from={ApplicationStatus.SUBMITTED},
        changes={"waitlisted_at": now, "decided_at": now},
    )
    _notify(application, "waitlisted")
    return application


@transaction.atomic
def application_reject(
    *, application: ExhibitorApplication, actor: User, reason: str
) -> ExhibitorApplication:
    require_fair_manager(actor, application.fair)
    application = transition(
        instance=application,
        to=ApplicationStatus.REJECTED,
        actor=actor,
        table=APPLICATION_LIFECYCLE,
        action="fairs.application.rejected",
        reason=reason,
        reason_required=True,
        changes={"waitlisted_at": None, "decided_at": timezone.now()},
    )
    _notify(application, "rejected")
    return application


@transaction.atomic
def application_cancel(
    *, application: ExhibitorApplication, actor: User, reason: str = ""
) -> ExhibitorApplication:
    """The storefront withdraws, or an organizer cancels (reason required). Booths it held are
    freed and the first waiting applications of that booth type are approved at once."""
    organizer = can_manage_fair(actor, application.fair)
    if not organizer and not is_member(actor, application.vendor):
        raise NotAllowed(_("Only this storefront's members or the fair's organizers may cancel."))
    booth_type = _lock_booth_type(application.booth_type_id)
    current = ExhibitorApplication.objects.get(pk=application.pk)
    held = current.status in HOLDING_STATUSES
    application = transition(
        instance=current,
        to=ApplicationStatus.CANCELLED,
        actor=actor,
        table=APPLICATION_LIFECYCLE,
        action="fairs.application.cancelled",
        reason=reason,
        reason_required=organizer and not is_member(actor, current.vendor),
        changes={"waitlisted_at": None, "booth_number": "", "cancelled_at": timezone.now()},
    )
    _notify(application, "cancelled")
    if held:
        mark_products_dirty(application.showcase_items.values_list("product_id", flat=True))
        waitlist_promote(booth_type=booth_type, actor=actor)
    return application


@transaction.atomic
def application_confirm(*, application: ExhibitorApplication, actor: User) -> ExhibitorApplication:
    """Approved → confirmed: the storefront confirms it will come (or the organizer records it,
    e.g. once the booth fee is paid)."""
    if not (can_manage_fair(actor, application.fair) or is_member(actor, application.vendor)):
        raise NotAllowed(_("Only this storefront's members or the fair's organizers may confirm."))
    application = transition(
        instance=application,
        to=ApplicationStatus.CONFIRMED,
        actor=actor,
        table=APPLICATION_LIFECYCLE,
        action="fairs.application.confirmed",
    )
    _changed(application)
    return application


@transaction.atomic
def application_check_in(*, application: ExhibitorApplication, actor: User) -> ExhibitorApplication:
    fair = Fair.objects.get(pk=application.fair_id)  # fresh: the status decides
    require_fair_manager(actor, fair)
    if fair.status not in (FairStatus.CLOSED, FairStatus.RUNNING):
        raise Conflict(_("Exhibitors check in when the fair is about to start or running."))
    application = transition(
        instance=application,
        to=ApplicationStatus.CHECKED_IN,
        actor=actor,
        table=APPLICATION_LIFECYCLE,
        action="fairs.application.checked_in",
    )
    _changed(application)
    return application


@transaction.atomic
def application_assign_booth(
    *, application: ExhibitorApplication, actor: User, booth_number: str
) -> ExhibitorApplication:
    """Give the application its booth number(s), unique within the fair; "" clears it."""
    require_fair_manager(actor, application.fair)
    booth_number = (booth_number or "").strip()
    locked = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in HOLDING_STATUSES:
        raise Conflict(
            _("Only an application that holds booths gets a booth number."),
            errors={"status": [locked.get_status_display()]},
        )
    holder = (
        ExhibitorApplication.objects.filter(fair_id=locked.fair_id, booth_number=booth_number)
        .exclude(pk=locked.pk)
        .select_related("vendor")
        .first()
        if booth_number
        else None
    )
    if holder is not None:
        raise Conflict(
            _("Booth %(number)s is already assigned to %(vendor)s.")
            % {"number": booth_number, "vendor": holder.vendor.display_name},
            errors={"booth_number": [_("Choose another booth number.")]},
            code="booth_number_taken",
        )
    before = locked.booth_number
    locked.booth_number = booth_number
    try:
        with transaction.atomic():
            locked.save(update_fields=["booth_number", "updated_at"])
    except IntegrityError as exc:  # a concurrent assignment took it between check and save
        raise Conflict(
            _("Booth %(number)s was just assigned to another exhibitor.")
            % {"number": booth_number},
            errors={"booth_number": [_("Choose another booth number.")]},
            code="booth_number_taken",
        ) from exc
    audit_record(
        actor=actor,
        action="fairs.application.booth_assigned",
        target=locked,
        data={"before": before, "after": booth_number},
    )
    _changed(locked)
    return locked


@transaction.atomic
def application_update(
    *,
    application: ExhibitorApplication,
    actor: User,
    product_ids: Sequence[int] | None = None,
    **fields: str,
) -> ExhibitorApplication:
    """The storefront changes its showcase products or its contact person."""
    require_member(actor, application.vendor)
    unknown = set(fields) - {*CONTACT_FIELDS, "note"}
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    locked = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in ACTIVE_STATUSES or locked.fair.status in (
        FairStatus.FINISHED,
        FairStatus.CANCELLED,
    ):
        raise Conflict(_("This application can no longer be changed."))
    errors = _contact_errors({k: fields.get(k, getattr(locked, k)) for k in CONTACT_FIELDS})
    old_products: set[int] = set(locked.showcase_items.values_list("product_id", flat=True))
    products: list[Product] | None = None
    if product_ids is not None:
        products = _products(locked.vendor, product_ids)
        product_errors = _product_errors(locked.vendor, products) or _category_errors(
            locked.fair, products
        )
        if product_errors:
            errors["products"] = product_errors
    if errors:
        raise ValidationFailed(_("Some fields are not valid; see errors."), errors=errors)
    for key, value in fields.items():
        setattr(locked, key, value.strip() if key != "note" else value)
    locked.save()
    if products is not None:
        locked.showcase_items.all().delete()
        ShowcaseItem.objects.bulk_create(
            [
                ShowcaseItem(application=locked, product=p, position=i)
                for i, p in enumerate(products)
            ]
        )
        if locked.status in HOLDING_STATUSES:
            mark_products_dirty(old_products ^ {p.pk for p in products})
    audit_record(
        actor=actor,
        action="fairs.application.updated",
        target=locked,
        data={"fields": sorted(fields), "products": product_ids is not None},
    )
    _changed(locked)
    return locked
