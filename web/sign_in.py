"""Signing in and out of the site with a Django session (CSRF-protected forms).

Guessing is throttled exactly as the API's sign-in is (D106, D202): the per-address rate is the
API's own `login` scope (core.api.throttling.ScopedRateThrottle, the same counter, so the site
and the API share one allowance per address), and the per-account count of failures is
marketplace.services.sign_in. `next` is followed only when it stays on this site."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from core.api.throttling import ScopedRateThrottle
from marketplace.services import sign_in


class SignInForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    password = forms.CharField(
        label=gettext_lazy("Password"), strip=False, max_length=4096, widget=forms.PasswordInput
    )


class _LoginScope:
    """What ScopedRateThrottle reads from a view: the API sign-in's rate scope."""

    throttle_scope = "login"


def safe_next(request: HttpRequest, default: str = "web:home") -> str:
    """The `next` of the request (form field or query) when it stays on this site, else the
    home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _refused(request: HttpRequest, context: dict[str, Any], message: str, wait: float) -> Any:
    context["refusal"] = message
    response = TemplateResponse(request, "web/account/sign_in.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_page(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.method != "POST":
        if request.user.is_authenticated:
            return HttpResponseRedirect(next_url)
        return TemplateResponse(
            request, "web/account/sign_in.html", {"form": SignInForm(), "next": next_url}
        )
    form = SignInForm(request.POST)
    context: dict[str, Any] = {"form": form, "next": next_url}
    throttle = ScopedRateThrottle()
    if not throttle.allow_request(request, _LoginScope()):  # type: ignore[arg-type]
        wait = throttle.wait() or 1.0
        return _refused(
            request, context, _("Too many sign-ins from your address; wait a moment."), wait
        )
    if not form.is_valid():
        return TemplateResponse(request, "web/account/sign_in.html", context, status=400)
    email = form.cleaned_data["email"]
    locked = sign_in.sign_in_locked_for(email)
    if locked is not None:
        return _refused(
            request,
            context,
            _("Too many failed sign-ins for this account; try again later."),
            locked,
        )
    user = authenticate(request, email=email, password=form.cleaned_data["password"])
    if user is None:
        sign_in.sign_in_failed(email)
        form.add_error(None, _("The e-mail or the password is not right."))
        return TemplateResponse(request, "web/account/sign_in.html", context, status=400)
    sign_in.sign_in_succeeded(email)
    login(request, user)
    return HttpResponseRedirect(next_url)


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def sign_out_page(request: HttpRequest) -> HttpResponse:
    """GET: a button to confirm (a link must never sign anybody out); POST: sign out."""
    if request.method == "POST":
        logout(request)
        return HttpResponseRedirect(safe_next(request))
    return TemplateResponse(request, "web/account/sign_out.html", {"next": safe_next(request)})
