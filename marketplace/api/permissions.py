"""DRF permission classes; object-level rules are enforced again in services."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from marketplace.permissions import is_moderator


class IsModerator(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_moderator(request.user)
