"""Who may touch what: object-level rules shared by services and the API layer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.request import Request

from core.clients import Partner, PartnerScope
from core.errors import NotAllowed
from marketplace.models import MemberRole, User, Vendor, VendorMembership

AnyUser = User | AnonymousUser


def is_moderator(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "is_moderator", False))


def member_role(user: AnyUser | None, vendor: Vendor) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        VendorMembership.objects.filter(vendor=vendor, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


def is_member(user: AnyUser | None, vendor: Vendor) -> bool:
    return member_role(user, vendor) is not None


def member_of(user: AnyUser | None, vendor_ids: Iterable[int]) -> set[int]:
    """Which of these storefronts `user` is a member of: is_member for many, in one query."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        VendorMembership.objects.filter(
            user_id=user.pk, vendor_id__in=list(vendor_ids)
        ).values_list("vendor_id", flat=True)
    )


def require_member(user: AnyUser | None, vendor: Vendor) -> None:
    if not is_member(user, vendor):
        raise NotAllowed(_("Only this storefront's members may do this."))


def require_owner(user: AnyUser | None, vendor: Vendor) -> None:
    if member_role(user, vendor) != MemberRole.OWNER:
        raise NotAllowed(_("Only this storefront's owners may do this."))


def require_moderator(user: AnyUser | None) -> None:
    if not is_moderator(user):
        raise NotAllowed(_("Only moderators may do this."))


def require_member_or_moderator(user: AnyUser | None, vendor: Vendor) -> None:
    if not (is_moderator(user) or is_member(user, vendor)):
        raise NotAllowed(_("Only this storefront's members or a moderator may do this."))


def partner_may_write_listings(client: Partner | None, vendor: Vendor) -> bool:
    """A partner writes a storefront's listings with `listings:write` and an active grant."""
    return bool(
        client is not None
        and client.is_active
        and client.has_scope(PartnerScope.LISTINGS_WRITE)
        and client.has_storefront_grant(vendor.pk)
    )


def require_partner_may_write_listings(client: Partner, vendor: Vendor) -> None:
    if not client.has_scope(PartnerScope.LISTINGS_WRITE):
        raise NotAllowed(_("This partner client lacks the listings:write scope."))
    if not partner_may_write_listings(client, vendor):
        raise NotAllowed(_("This storefront has not granted this partner client access."))


def require_listing_writer(*, actor: User | None, vendor: Vendor, partner: Partner | None) -> None:
    """Members write their storefront's listings; a partner needs the scope and a grant."""
    if partner is not None:
        require_partner_may_write_listings(partner, vendor)
    else:
        require_member(actor, vendor)


def acting_user(request: HttpRequest | Request) -> User:
    """The signed-in person behind an admin or API request: the one helper every view uses.

    Callers sit behind a check that already refused anonymous people (the admin site, an
    IsAuthenticated permission). A partner key's request carries an anonymous user, and the
    services it reaches check the partner instead, so the value passes through unchanged.
    """
    return cast(User, request.user)


def acting_user_or_none(request: HttpRequest | Request) -> User | None:
    """The signed-in person, or None for a partner key's request."""
    user = request.user
    return cast(User, user) if user.is_authenticated else None
