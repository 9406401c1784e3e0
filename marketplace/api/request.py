"""What every view reads off an authenticated request."""

from __future__ import annotations

from rest_framework.request import Request

from marketplace.models import User


def request_user(request: Request) -> User:
    """The signed-in person. Views call it behind a permission that already refused anonymous
    requests (and partner keys, whose `request.user` is anonymous), so the cast is safe."""
    return request.user  # type: ignore[return-value]
