"""A storefront's members (owners only, as the API's invitations): who works for it, the
invitations waiting for an answer, invite someone by e-mail (vendor_invite_member), remove a
member (vendor_member_remove). And `/ban-hang/loi-moi/`, where the invited person, signed in
with the invited address, enters the code of the invitation e-mail (vendor_invitation_accept);
the e-mail carries the code only, so the site serves the page to enter it (D232)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from marketplace.api.serializers import InvitationAcceptSerializer, InvitationCreateSerializer
from marketplace.models import MemberRole, User, Vendor
from marketplace.services import vendors as vendor_services
from web.forms import ServiceForm
from web.signed_in import refusal_page, seller_page, signed_in_page

PAGE_ROWS = 100


class InviteForm(ServiceForm):
    serializer_class = InvitationCreateSerializer

    email = forms.EmailField(
        label=gettext_lazy("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=MemberRole.choices, initial=MemberRole.STAFF
    )


class AcceptForm(ServiceForm):
    serializer_class = InvitationAcceptSerializer

    token = forms.CharField(
        label=gettext_lazy("Invitation code"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )


def _page(request: HttpRequest, form: InviteForm, status: int = 200) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    members = vendor.memberships.select_related("user").order_by("created_at", "id")[:PAGE_ROWS]
    waiting = vendor.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-id")[:PAGE_ROWS]
    context = {"members": members, "invitations": waiting, "form": form}
    return TemplateResponse(request, "web/seller/members.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page(owner=True)
def members(request: HttpRequest) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    if request.method != "POST":
        return _page(request, InviteForm())
    form = InviteForm(request.POST)
    if form.is_valid():
        done = form.run(
            vendor_services.vendor_invite_member,
            vendor=vendor,
            actor=cast(User, request.user),
            **form.validated,
        )
        if done is not None:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": done[0].email},
            )
            return HttpResponseRedirect(reverse("web:seller-members", args=[vendor.slug]))
    return _page(request, form, form.status)


@require_POST
@seller_page(owner=True)
def member_remove(request: HttpRequest, member: int) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    membership = vendor.memberships.select_related("user").filter(pk=member).first()
    if membership is None:
        raise Http404
    try:
        vendor_services.vendor_member_remove(membership=membership, actor=cast(User, request.user))
    except DomainError as exc:
        return refusal_page(request, exc)
    messages.success(
        request,
        _("%(email)s no longer works for the storefront.") % {"email": membership.user.email},
    )
    return HttpResponseRedirect(reverse("web:seller-members", args=[vendor.slug]))


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in_page
def invitation_accept(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        form = AcceptForm(initial={"token": request.GET.get("ma", "")})
        return TemplateResponse(request, "web/seller/invitation.html", {"form": form})
    form = AcceptForm(request.POST)
    if form.is_valid():
        membership = form.run(
            vendor_services.vendor_invitation_accept,
            token=form.validated["token"],
            actor=cast(User, request.user),
        )
        if membership is not None:
            vendor = membership.vendor
            messages.success(
                request,
                _("You now work for “%(name)s”.") % {"name": vendor.display_name},
            )
            return HttpResponseRedirect(reverse("web:seller-dashboard", args=[vendor.slug]))
    return TemplateResponse(
        request, "web/seller/invitation.html", {"form": form}, status=form.status
    )
