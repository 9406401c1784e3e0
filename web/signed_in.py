"""What every signed-in page of the site shares (issue 16, D206): who may open it, and how it is
cached.

- `signed_in_page`: anonymous visitors go to the sign-in page and come back; the answer is
  `private, no-store` (never kept by a CDN or the shared response cache); POSTs are
  CSRF-checked.
- `seller_page`: a page of one storefront's seller center, `/ban-hang/<vendor>/…`. The storefront
  is looked up among the signed-in person's memberships only, so another storefront's page is a
  404 exactly as the API's member endpoints answer (marketplace.permissions); `owner=True` pages
  (members, the storefront's legal identity) refuse other members with the API's 403 message.

Views receive the storefront and the member's role as `request.vendor` and `request.member_role`
(an attribute, not an argument, so that URL patterns stay plain)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_protect

from core.errors import DomainError
from marketplace.models import MemberRole, User, Vendor, VendorMembership
from marketplace.permissions import require_owner

View = Callable[..., HttpResponseBase]


def _private(response: HttpResponseBase) -> HttpResponseBase:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def signed_in_page(view: View) -> View:
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return _private(redirect_to_login(request.get_full_path()))
        return _private(protected(request, *args, **kwargs))

    return wrapped


def refusal_page(request: HttpRequest, exc: DomainError) -> HttpResponseBase:
    """A refusal with nothing to fill in again: the API's message on a page of its own, with
    the API's status."""
    return TemplateResponse(
        request, "web/refusal.html", {"title": exc.title, "detail": exc.detail}, status=exc.status
    )


def member_vendor(user: User, slug: str) -> tuple[Vendor, str]:
    """The storefront `slug` and the person's role in it; 404 when they are not a member."""
    membership = (
        VendorMembership.objects.select_related("vendor")
        .filter(user_id=user.pk, vendor__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership.vendor, membership.role


def seller_page(view: View | None = None, *, owner: bool = False) -> Any:
    def decorate(inner: View) -> View:
        @signed_in_page
        @wraps(inner)
        def wrapped(
            request: HttpRequest, vendor: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = cast(User, request.user)
            found, role = member_vendor(user, vendor)
            if owner:
                try:
                    require_owner(user, found)
                except DomainError as exc:
                    return refusal_page(request, exc)
            request.vendor = found  # type: ignore[attr-defined]
            request.member_role = role  # type: ignore[attr-defined]
            return inner(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def is_owner(request: HttpRequest) -> bool:
    return getattr(request, "member_role", None) == MemberRole.OWNER
