"""Opening an account and resetting a forgotten password on the site (issue 16, D223).

Sign-up calls the API's service (marketplace.services.users.user_register) with the API's input
serializer and answers as the API does: the same "check your mail" page whether or not the
e-mail already had an account (D106), so nobody is signed in by the form. The rate is the API
registration's own `login` scope (the same counter as POST /api/v1/auth/register/).

Password reset is Django's (PasswordResetView and its three steps) with this site's templates
and a Vietnamese mail. Asking is throttled per client address (the `login` scope, as sign-in)
and per e-mail address (RESET_MAILS_PER_HOUR mails an hour; past that the page answers the same
but sends nothing, so it tells nobody whether an account exists). Setting the new password saves
the user, and marketplace.services.sessions.password_changed_revoke — the post_save hook every
password change goes through (D181) — ends the person's API tokens; their sessions end because
Django ties a session to the password it was opened with."""

from __future__ import annotations

import math
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from core.api.throttling import ScopedRateThrottle, counter_hit
from marketplace.api.serializers import RegisterSerializer
from marketplace.services.sign_in import account_key
from marketplace.services.users import user_register
from web.forms import ServiceForm

RESET_MAILS_PER_HOUR = 3


class _LoginScope:
    """What ScopedRateThrottle reads from a view: the API registration's rate scope."""

    throttle_scope = "login"


def _throttled(request: HttpRequest) -> float | None:
    """Seconds to wait when this address asked too often, else None (and the ask counted)."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, _LoginScope()):  # type: ignore[arg-type]
        return None
    return throttle.wait() or 1.0


def _too_many(request: HttpRequest, template: str, context: dict[str, Any], wait: float) -> Any:
    context["refusal"] = _("Too many attempts from your address; wait a moment.")
    response = TemplateResponse(request, template, context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


class SignUpForm(ServiceForm):
    serializer_class = RegisterSerializer

    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone (optional)"), max_length=20, required=False)
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits, not a common one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")


SIGN_UP = "web/account/sign_up.html"


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def sign_up_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method != "POST":
        return HttpResponseRedirect(reverse_lazy("web:account"))
    if request.method != "POST":
        return TemplateResponse(request, SIGN_UP, {"form": SignUpForm()})
    form = SignUpForm(request.POST)
    context: dict[str, Any] = {"form": form}
    wait = _throttled(request)
    if wait is not None:
        return _too_many(request, SIGN_UP, context, wait)
    if not form.is_valid():
        return TemplateResponse(request, SIGN_UP, context, status=form.status)
    form.run(user_register, **form.validated)
    if form.errors:
        return TemplateResponse(request, SIGN_UP, context, status=form.status)
    # The same answer whether the address was new or known (D106): the mail says which.
    sent = {"email": form.validated["email"]}
    return TemplateResponse(request, "web/account/sign_up_sent.html", sent, status=202)


class ThrottledResetForm(PasswordResetForm):
    """Django's form; sends nothing past RESET_MAILS_PER_HOUR to the same address."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        to_email = args[4] if len(args) > 4 else kwargs["to_email"]
        hour = int(time.time() // 3600)
        key = f"password_reset:{account_key(to_email)}:{hour}"
        if counter_hit(caches[DEFAULT_CACHE_ALIAS], key, 3600) > RESET_MAILS_PER_HOUR:
            return
        super().send_mail(*args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class PasswordResetPage(auth_views.PasswordResetView):
    form_class = ThrottledResetForm
    template_name = "web/account/password_reset.html"
    email_template_name = "web/account/mail/password_reset.txt"
    subject_template_name = "web/account/mail/password_reset_subject.txt"
    success_url = reverse_lazy("web:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"site_name": settings.SITE_NAME}  # not the host name
        return super().form_valid(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = _throttled(request)
        if wait is not None:
            context = self.get_context_data(form=self.get_form())
            return _too_many(request, self.template_name, context, wait)
        return super().post(request, *args, **kwargs)


class PasswordResetDonePage(auth_views.PasswordResetDoneView):
    template_name = "web/account/password_reset_done.html"


class PasswordResetConfirmPage(auth_views.PasswordResetConfirmView):
    template_name = "web/account/password_reset_confirm.html"
    success_url = reverse_lazy("web:password-reset-complete")


class PasswordResetCompletePage(auth_views.PasswordResetCompleteView):
    template_name = "web/account/password_reset_complete.html"
