"""Opening a storefront (`/ban-hang/mo-gian-hang/`) and a storefront's own page in the seller
center (`/ban-hang/<vendor>/gian-hang/`): where it stands in moderation, the moderator's reason
when it was rejected, "send again", and its details (owners edit them).

The fields are the API's (VendorWriteSerializer: the tax-code check of marketplace/validators.py,
the phone, the commune of the 2025 units) and the writes its services: vendor_create,
vendor_update, vendor_resubmit. The commune is chosen in two steps without JavaScript (the
province, then "show its communes" re-renders the form with them); with JavaScript the list
follows the province from the API's communes endpoint (web/static/web/communes.js)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from marketplace.api.serializers import VendorWriteSerializer
from marketplace.models import User, Vendor, VendorKind, VendorStatus
from marketplace.permissions import require_owner
from marketplace.selectors import communes, provinces
from marketplace.services import vendors as vendor_services
from web.forms import ServiceForm
from web.signed_in import is_owner, refusal_page, seller_page, signed_in_page

PROVINCE_STEP = "show_communes"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class StorefrontForm(ServiceForm):
    serializer_class = VendorWriteSerializer

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=VendorKind.choices)
    legal_name = forms.CharField(label=gettext_lazy("Legal name"), max_length=255)
    display_name = forms.CharField(label=gettext_lazy("Name shown to buyers"), max_length=255)
    tax_code = forms.CharField(
        label=gettext_lazy("Tax code"),
        max_length=14,
        help_text=gettext_lazy("10 digits, 10-3 digits for a branch, or 12 digits for a person."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    business_registration_number = forms.CharField(
        label=gettext_lazy("Business registration number"), max_length=50, required=False
    )
    province = forms.TypedChoiceField(label=gettext_lazy("Province or city"), coerce=int)
    commune = forms.TypedChoiceField(
        label=gettext_lazy("Commune or ward"), coerce=int, required=False
    )
    street_address = forms.CharField(
        label=gettext_lazy("Street address"), max_length=255, required=False
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=gettext_lazy("About the storefront"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, province: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = provinces.rows().values()
        cast(forms.ChoiceField, self.fields["province"]).choices = [("", "—")] + [
            (p.code, p.name) for p in sorted(rows, key=lambda p: p.name)
        ]
        self.fields["province"].widget.attrs["data-communes"] = "id_commune"
        chosen = province or _int(self.data.get("province")) or _int(self.initial.get("province"))
        in_province = [c for c in communes.rows().values() if c.province_id == chosen]
        cast(forms.ChoiceField, self.fields["commune"]).choices = [("", "—")] + [
            (c.code, c.name) for c in sorted(in_province, key=lambda c: c.name)
        ]

    def serializer_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        for blank in ("business_registration_number", "street_address", "website", "description"):
            data.setdefault(blank, "")
        return data


def _open_form(request: HttpRequest) -> StorefrontForm:
    if request.method == "POST" and PROVINCE_STEP not in request.POST:
        return StorefrontForm(request.POST)
    # First visit, or the province step: the form unbound (no errors yet), filled in.
    initial: dict[str, Any] = request.POST.dict() if request.method == "POST" else {}
    initial.pop("csrfmiddlewaretoken", None)
    province = _int(initial.get("province")) or _int(request.GET.get("province"))
    if not initial:
        user = cast(User, request.user)
        initial = {"email": user.email, "phone": user.phone}
    if province:
        initial["province"] = province
    return StorefrontForm(initial=initial, province=province)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in_page
def storefront_open(request: HttpRequest) -> HttpResponseBase:
    form = _open_form(request)
    if form.is_bound and form.is_valid():
        fields = dict(form.validated)
        vendor = form.run(vendor_services.vendor_create, actor=cast(User, request.user), **fields)
        if vendor is not None:
            messages.success(
                request,
                _("Your storefront is open and waits for a moderator's review."),
            )
            return HttpResponseRedirect(reverse("web:seller-storefront", args=[vendor.slug]))
    status = form.status if form.is_bound else 200
    return TemplateResponse(
        request,
        "web/seller/open.html",
        {"form": form, "province_step": PROVINCE_STEP},
        status=status,
    )


# --- the storefront's own page ----------------------------------------------------------------

EDIT_FIELDS = (
    "kind",
    "legal_name",
    "display_name",
    "tax_code",
    "business_registration_number",
    "street_address",
    "phone",
    "email",
    "website",
    "description",
)


def _vendor_initial(vendor: Vendor) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(vendor, name) for name in EDIT_FIELDS}
    initial["province"] = vendor.province_id
    initial["commune"] = vendor.commune_id
    return initial


def _edit_form(request: HttpRequest, vendor: Vendor) -> StorefrontForm:
    if request.method == "POST" and PROVINCE_STEP not in request.POST:
        return StorefrontForm(request.POST)
    if request.method == "POST":
        initial = request.POST.dict()
        initial.pop("csrfmiddlewaretoken", None)
        return StorefrontForm(initial=initial, province=_int(initial.get("province")))
    return StorefrontForm(initial=_vendor_initial(vendor), province=vendor.province_id)


def _storefront_page(
    request: HttpRequest, form: StorefrontForm | None, status: int = 200
) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    context = {
        "vendor": vendor,
        "province": provinces.get(vendor.province_id),
        "commune": communes.get(vendor.commune_id),
        "owner": is_owner(request),
        "form": form,
        "province_step": PROVINCE_STEP,
        "locked": vendor.status != VendorStatus.PENDING,
        "rejected": vendor.status == VendorStatus.REJECTED,
    }
    return TemplateResponse(request, "web/seller/storefront.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def storefront(request: HttpRequest) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    if not is_owner(request):
        if request.method == "POST":  # only owners edit (the API's 403, vendor_update)
            try:
                require_owner(cast(User, request.user), vendor)
            except DomainError as exc:
                return refusal_page(request, exc)
        return _storefront_page(request, None)
    form = _edit_form(request, vendor)
    if form.is_bound and form.is_valid():
        fields = dict(form.validated)
        updated = form.run(
            vendor_services.vendor_update, vendor=vendor, actor=cast(User, request.user), **fields
        )
        if updated is not None:
            messages.success(request, _("The storefront's details are saved."))
            return HttpResponseRedirect(reverse("web:seller-storefront", args=[vendor.slug]))
    return _storefront_page(request, form, form.status if form.is_bound else 200)


@require_POST
@seller_page
def storefront_resubmit(request: HttpRequest) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    try:
        vendor_services.vendor_resubmit(vendor=vendor, actor=cast(User, request.user))
    except DomainError as exc:
        return refusal_page(request, exc)
    messages.success(request, _("The storefront is sent to the moderators again."))
    return HttpResponseRedirect(reverse("web:seller-storefront", args=[vendor.slug]))
