"""A person's own data: a copy of everything the apps keep about them, and its erasure
(Law 91/2025, Decree 356/2025; D142). The sections come from core.personal_data's registry.

Erasure asks for the password again, refuses while a section needs the data (an order on its
way) or while the person owns a storefront (hand it over first), then, in one transaction,
anonymises every section and the account itself: deactivated, e-mail replaced by one that
reaches nobody, name and phone cleared, password unusable, memberships ended. An audit row
records that it happened, and nothing of what was erased.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, ValidationFailed
from core.personal_data import personal_data_sections
from marketplace.models import MemberRole, User, VendorMembership
from marketplace.services.sessions import user_tokens_revoke


def account_export(user: User) -> dict[str, Any]:
    memberships = VendorMembership.objects.filter(user_id=user.pk).select_related("vendor")
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "date_joined": user.date_joined.isoformat(),
        "storefronts": [{"slug": m.vendor.slug, "role": m.role} for m in memberships],
    }


def personal_data_export(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "exported_at": timezone.localtime().isoformat(),
        "account": account_export(user),
    }
    for section in personal_data_sections():
        data[section.name] = section.export(user)
    return data


def _erased_email(user: User) -> str:
    return f"erased-{user.pk}@erased.invalid"  # .invalid: a name that never resolves (RFC 2606)


@transaction.atomic
def personal_data_erase(*, user: User, password: str) -> None:
    if not password or not user.check_password(password):
        message = _("The password is not right.")
        raise ValidationFailed(message, errors={"password": [message]})
    user = User.objects.select_for_update().get(pk=user.pk)
    reasons = [
        reason
        for section in personal_data_sections()
        if section.blocks_erasure is not None and (reason := section.blocks_erasure(user))
    ]
    if VendorMembership.objects.filter(user_id=user.pk, role=MemberRole.OWNER).exists():
        reasons.append(_("You own a storefront: hand it over to another owner first."))
    if reasons:
        raise Conflict(
            _("Your data cannot be erased yet."),
            code="erasure_blocked",
            errors={"erase": reasons},
        )
    erased = []
    for section in personal_data_sections():
        if section.erase is not None:
            section.erase(user)
            erased.append(section.name)
    VendorMembership.objects.filter(user_id=user.pk).delete()
    user.email = _erased_email(user)
    user.full_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "phone", "is_active", "password"])
    user_tokens_revoke(user=user)  # set_unusable_password is no "change" to Django (D181)
    audit_record(
        actor=user,
        action="marketplace.user.erased",
        target=user,
        data={"sections": ["account", *erased]},
    )
