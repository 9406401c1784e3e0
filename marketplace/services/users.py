"""Writes on people: signing up."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ValidationFailed
from core.notifications import email_after_commit
from core.site import site_url
from marketplace.models import User
from marketplace.selectors import user_email_taken


def _sign_in_url() -> str:
    """The site's sign-in page (LOGIN_URL) in the active language, the mail's: /dang-nhap/, or
    /en/dang-nhap/ for a sign-up in English — a page a person can open, for a sign-up through
    the site or the API alike (D243)."""
    return site_url() + resolve_url(settings.LOGIN_URL)


def _welcome_mail(email: str) -> None:
    email_after_commit(
        recipients=[email],
        subject=_("Your account on the exchange is open"),
        body=_(
            "Welcome! Your account %(email)s is open. Sign in with your e-mail and the password "
            "you chose: %(url)s"
        )
        % {"email": email, "url": _sign_in_url()},
    )


def _already_registered_mail(email: str) -> None:
    email_after_commit(
        recipients=[email],
        subject=_("You already have an account on the exchange"),
        body=_(
            "Someone, perhaps you, tried to open an account with %(email)s, which already has "
            "one; no new account was opened. Sign in with your e-mail and password: %(url)s\n"
            "If it was not you, you can ignore this message."
        )
        % {"email": email, "url": _sign_in_url()},
    )


@transaction.atomic
def user_register(*, email: str, password: str, full_name: str, phone: str = "") -> User | None:
    """Open a buyer account (every account can buy; storefronts and roles come later).

    Refuses a password the configured validators reject. An e-mail already in use
    (case-insensitive) is not refused: the caller's answer must not tell who has an account
    (D106). Its owner is told by mail instead, and None is returned; a new account gets a
    welcome mail and is returned. Mails leave after commit. The new person is the actor of
    the audit row.
    """
    email = email.strip().lower()
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except DjangoValidationError as exc:
        raise ValidationFailed(
            _("Some fields are not valid; see errors."), errors={"password": list(exc.messages)}
        ) from None
    if user_email_taken(email):
        make_password(password)  # the work a new account costs, so the time tells nothing
        _already_registered_mail(email)
        return None
    try:
        with transaction.atomic():  # a concurrent sign-up with the same e-mail loses here
            user = User.objects.create_user(email, password, full_name=full_name, phone=phone)
    except IntegrityError:
        _already_registered_mail(email)
        return None
    audit_record(actor=user, action="marketplace.user.registered", target=user)
    _welcome_mail(email)
    return user
