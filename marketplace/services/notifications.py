"""Queue e-mail after the surrounding transaction commits, never before."""

from __future__ import annotations

from django.db import transaction

from marketplace.models import MemberRole, Vendor, VendorMembership


def email_after_commit(*, recipients: list[str], subject: str, body: str) -> None:
    from marketplace.tasks import email_send_task

    recipients = sorted({r for r in recipients if r})
    if recipients:
        transaction.on_commit(lambda: email_send_task.delay(recipients, subject, body))


def vendor_member_emails(vendor: Vendor, *, owners_only: bool = False) -> list[str]:
    qs = VendorMembership.objects.filter(vendor=vendor, user__is_active=True)
    if owners_only:
        qs = qs.filter(role=MemberRole.OWNER)
    return list(qs.values_list("user__email", flat=True))
