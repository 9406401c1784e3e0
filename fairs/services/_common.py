"""Helpers shared by the fairs services: who may manage a fair, and the search hook."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.errors import NotAllowed
from fairs.models import Fair
from marketplace.permissions import AnyUser, is_moderator
from search.services import search_mark_products_dirty


def is_fair_organizer(user: AnyUser | None, fair: Fair) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return fair.organizer_links.filter(user_id=user.pk).exists()


def can_manage_fair(user: AnyUser | None, fair: Fair) -> bool:
    return is_moderator(user) or is_fair_organizer(user, fair)


def require_fair_manager(user: AnyUser | None, fair: Fair) -> None:
    if not can_manage_fair(user, fair):
        raise NotAllowed(_("Only this fair's organizers or a moderator may do this."))


def mark_products_dirty(product_ids: Iterable[int]) -> None:
    """Tell search that these products' `fair` facet changed (same transaction as the change)."""
    ids = sorted(set(product_ids))
    if ids:
        search_mark_products_dirty(product_ids=ids)
