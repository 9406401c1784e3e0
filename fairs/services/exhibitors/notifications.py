"""What an exhibitor application tells the world: the public-change signal and the e-mails to
the storefront (its contact person and owners)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.notifications import email_after_commit
from core.signals import public_changed_send
from fairs.models import ACTIVE_STATUSES, ExhibitorApplication, Fair
from marketplace.services.notifications import vendor_member_emails


def application_changed(application: ExhibitorApplication) -> None:
    public_changed_send(
        kind="application", object_ids=[application.pk], event="application.changed"
    )


def application_notify(application: ExhibitorApplication, event: str) -> None:
    application_changed(application)
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


def exhibitors_notify_fair_cancelled(*, fair: Fair) -> None:
    for application in ExhibitorApplication.objects.filter(
        fair=fair, status__in=ACTIVE_STATUSES
    ).select_related("vendor"):
        email_after_commit(
            recipients=[application.contact_email],
            subject=_("Fair cancelled: %(fair)s") % {"fair": fair.name},
            body=_("The organizers cancelled %(fair)s. Reason: %(reason)s")
            % {"fair": fair.name, "reason": fair.status_reason},
        )
