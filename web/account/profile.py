"""A person's details, password and data (issue 16, D224).

- Details: the API's `me` (GET/PATCH /api/v1/me/): MeSerializer shows and saves them (it owns
  the name's and the phone's validation), in one transaction.
- Password: Django's PasswordChangeForm (the old password, the validators). Saving the user
  ends the person's API tokens through the same post_save hook as any password change (D181);
  this browser stays signed in (update_session_auth_hash), every other session ends.
- My data: the export is the file GET /api/v1/me/export/ gives
  (marketplace.services.personal_data.personal_data_export); erasing calls personal_data_erase
  with the password, with its refusals (an order on its way, a storefront owned) beside the
  form, then signs the person out."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from rest_framework.renderers import JSONRenderer

from marketplace.api.personal_data import EraseSerializer
from marketplace.api.serializers import MeSerializer
from marketplace.models import User
from marketplace.services.personal_data import personal_data_erase, personal_data_export
from web.forms import ServiceForm
from web.signed_in import signed_in_page


class DetailsForm(ServiceForm):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def details_page(request: HttpRequest) -> HttpResponseBase:
    user = _me(request)
    me = MeSerializer(user).data
    if request.method != "POST":
        form = DetailsForm(initial={"full_name": user.full_name, "phone": user.phone})
        return TemplateResponse(request, "web/account/details.html", {"form": form, "me": me})
    form = DetailsForm(request.POST)
    if form.is_valid():
        serializer = MeSerializer(user, data=form.cleaned_data, partial=True)
        if serializer.is_valid():
            with transaction.atomic():
                serializer.save()
            messages.success(request, _("Your details are saved."))
            return redirect("web:account")
        form._put_errors(serializer.errors)
    context = {"form": form, "me": me}
    return TemplateResponse(request, "web/account/details.html", context, status=form.status)


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def password_page(request: HttpRequest) -> HttpResponseBase:
    user = _me(request)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            form.save()  # the post_save hook ends every API token (D181)
            update_session_auth_hash(request, form.user)
            messages.success(
                request,
                _("Your password is changed. Other devices and apps must sign in again."),
            )
            return redirect("web:account")
        return TemplateResponse(request, "web/account/password.html", {"form": form}, status=400)
    return TemplateResponse(request, "web/account/password.html", {"form": form})


class EraseForm(ServiceForm):
    serializer_class = EraseSerializer

    password = forms.CharField(
        label=gettext_lazy("Your password, to confirm"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account is closed and cannot be opened again."),
        required=True,
    )

    def serializer_data(self) -> dict[str, Any]:
        return {"password": self.cleaned_data.get("password", "")}


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def data_page(request: HttpRequest) -> HttpResponseBase:
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = form.run(personal_data_erase, user=_me(request), password=form.validated["password"])
        if not form.errors:
            del done
            logout(request)
            messages.success(request, _("Your data is erased and your account closed."))
            return redirect("web:home")
    return TemplateResponse(request, "web/account/data.html", {"form": form}, status=form.status)


@signed_in_page
@require_safe
def data_export(request: HttpRequest) -> HttpResponse:
    """The same JSON file as GET /api/v1/me/export/."""
    body = JSONRenderer().render(personal_data_export(_me(request)))
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
