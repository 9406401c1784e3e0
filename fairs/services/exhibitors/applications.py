"""Exhibitor applications through their lifecycle: apply, approve, waitlist, reject, cancel,
confirm, check in, and the waiting list promoted in order when booths come free.

Capacity (D31): every decision that can hold or free booths locks the booth type first
(`booths.booth_type_lock`), recounts, decides and writes, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.workflow import lifecycle, transition
from fairs.capacity import race_window
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
from fairs.services.exhibitors.booths import (
    booth_type_lock,
    booths_fit,
    booths_held,
    waitlist_queue,
)
from fairs.services.exhibitors.eligibility import eligibility_errors
from fairs.services.exhibitors.notifications import application_changed, application_notify
from fairs.services.exhibitors.showcase import contact_errors, showcase_products_get
from marketplace.models import User, Vendor
from marketplace.permissions import is_member, require_member

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


def waitlist_promote(*, booth_type: BoothType, actor: User | None) -> list[ExhibitorApplication]:
    """Approve waiting applications of this booth type in order while the first one fits.

    Strictly first come, first served (D32): if the first waiting application needs more
    booths than are free, nobody behind it jumps the queue. Call with the booth type locked.
    """
    promoted: list[ExhibitorApplication] = []
    free = booth_type.count - booths_held(booth_type)
    for application in waitlist_queue(booth_type):
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
        application_notify(application, "promoted")
    if promoted:
        mark_products_dirty(
            ShowcaseItem.objects.filter(application__in=promoted).values_list(
                "product_id", flat=True
            )
        )
    return promoted


# --- applying ----------------------------------------------------------------------------------


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
    product_ids: Sequence[int | str],
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
        contact_errors(
            {
                "contact_name": contact_name,
                "contact_phone": contact_phone,
                "contact_email": contact_email,
            }
        )
    )
    products = showcase_products_get(vendor, product_ids)
    errors.update(eligibility_errors(fair=fair, vendor=vendor, products=products))
    if errors:
        raise ValidationFailed(
            _("This storefront cannot apply to this fair as it stands; see errors."),
            errors=errors,
            code="not_eligible",
        )
    if _active_exists(fair, vendor):
        raise _already_applied()

    booth_type = booth_type_lock(booth_type.pk)
    now = timezone.now()
    status = ApplicationStatus.SUBMITTED
    if fair.approval_mode == ApprovalMode.AUTOMATIC:
        # Strict FIFO: nobody passes a waiting application (D32).
        if not waitlist_queue(booth_type).exists() and booths_fit(booth_type, quantity):
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
    application_notify(application, "received")
    if status != ApplicationStatus.SUBMITTED:
        application_notify(application, status)
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
    booth_type = booth_type_lock(application.booth_type_id)
    current = ExhibitorApplication.objects.get(pk=application.pk)
    now = timezone.now()
    if booths_fit(booth_type, current.quantity) and (
        current.status == ApplicationStatus.WAITLISTED or not waitlist_queue(booth_type).exists()
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
        application_notify(application, "approved")
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
    application_notify(application, "waitlisted")
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
    application_notify(application, "rejected")
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
    booth_type = booth_type_lock(application.booth_type_id)
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
    application_notify(application, "cancelled")
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
    application_changed(application)
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
    application_changed(application)
    return application
