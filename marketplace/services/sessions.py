"""Signing out (D181): one refresh token at logout, or every token and session of a user when
the password changes (the API, the admin, `manage.py changepassword`, a reset) or the account is
erased.

Refresh tokens are rows of simplejwt's token_blacklist app (each one issued is "outstanding";
a blacklisted one is refused at refresh). Access tokens live JWT_ACCESS_MINUTES and are not
stored: they carry a hash of the password hash (CHECK_REVOKE_TOKEN), so a new password ends them
at their next request. Sessions are ended by Django itself: a session keeps the hash of the
password it was opened with and is refused once the password changes (tests check both).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from core.retention import delete_in_batches
from marketplace.models import User


def refresh_token_revoke(*, token: str) -> None:
    """Blacklist one refresh token (logout). Raises simplejwt's TokenError when the token is
    not a valid, unexpired refresh token, or is blacklisted already."""
    RefreshToken(token).blacklist()  # type: ignore[arg-type]


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every unexpired refresh token issued to `user`; returns how many."""
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    ).only("pk")
    rows = [BlacklistedToken(token=t) for t in outstanding]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def password_changed_revoke(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """post_save of User: a saved new password (set_password, not a hash upgrade at sign-in,
    which Django does not count as a change) revokes the user's tokens."""
    if not created and getattr(instance, "_password", None) is not None:
        user_tokens_revoke(user=instance)


def sessions_expired_delete(now: datetime, batch_size: int) -> int:
    """Retention (D184): database sessions past their expiry (`clearsessions`, batched)."""
    return delete_in_batches(Session.objects.filter(expire_date__lt=now), batch_size=batch_size)


def tokens_expired_delete(now: datetime, batch_size: int) -> int:
    """Retention (D184): refresh tokens past their expiry, with their blacklist entries
    (`flushexpiredtokens`, batched). An expired token is refused anyway."""
    return delete_in_batches(
        OutstandingToken.objects.filter(expires_at__lt=now), batch_size=batch_size
    )
