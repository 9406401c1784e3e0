"""Writes on people: signing up."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ValidationFailed
from marketplace.models import User
from marketplace.selectors import user_email_taken


def _email_taken_error() -> ValidationFailed:
    return ValidationFailed(
        _("Some fields are not valid; see errors."),
        errors={"email": [_("An account with this e-mail already exists.")]},
    )


@transaction.atomic
def user_register(*, email: str, password: str, full_name: str, phone: str = "") -> User:
    """Open a buyer account (every account can buy; storefronts and roles come later).

    Refuses an e-mail already in use (case-insensitive) and a password the configured
    validators reject, reporting both at once. The new person is the actor of the audit row.
    """
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if user_email_taken(email):
        errors["email"] = [_("An account with this e-mail already exists.")]
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(_("Some fields are not valid; see errors."), errors=errors)
    try:
        with transaction.atomic():  # a concurrent sign-up with the same e-mail loses here
            user = User.objects.create_user(email, password, full_name=full_name, phone=phone)
    except IntegrityError:
        raise _email_taken_error() from None
    audit_record(actor=user, action="marketplace.user.registered", target=user)
    return user
