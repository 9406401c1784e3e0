"""A storefront's OCOP certificates and rural-industry awards in the seller center: each with
its product, its verification status (the moderator's reason when rejected), its expiry, and
the signed link to its scan exactly as the API gives it (CertificateSerializer, D96); and the
forms to add one (CertificateWriteSerializer / AwardWriteSerializer, then
catalog.services.certificates.certificate_create / awards.award_create)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from catalog.api.serializers import (
    AwardWriteSerializer,
    CertificateSerializer,
    CertificateWriteSerializer,
)
from catalog.models import AwardLevel, AwardProductGroup, AwardRegion, IssuingLevel, Product
from catalog.selectors import award_queryset_for, certificate_queryset_for, product_list_of_vendor
from catalog.services import awards as award_services
from catalog.services import certificates as certificate_services
from marketplace.models import User, Vendor
from web.forms import ServiceForm
from web.signed_in import seller_page

EXPIRING_DAYS = 60
DATE = forms.DateInput(attrs={"type": "date"})


class _ProductChoice(ServiceForm):
    product = forms.ChoiceField(label=gettext_lazy("Product"))

    def __init__(self, *args: Any, products: list[Product], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.products = {p.slug: p for p in products}
        cast(forms.ChoiceField, self.fields["product"]).choices = [("", "—")] + [
            (p.slug, p.name) for p in products
        ]

    def serializer_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.pop("product", None)
        return data

    def chosen_product(self) -> Product:
        return self.products[self.cleaned_data["product"]]


class CertificateForm(_ProductChoice):
    serializer_class = CertificateWriteSerializer

    stars = forms.TypedChoiceField(
        label=gettext_lazy("Stars"), coerce=int, choices=[(3, "3"), (4, "4"), (5, "5")]
    )
    score = forms.DecimalField(
        label=gettext_lazy("Score"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    certificate_number = forms.CharField(label=gettext_lazy("Certificate number"), max_length=100)
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=100)
    decision_date = forms.DateField(label=gettext_lazy("Decision date"), widget=DATE)
    issuing_body = forms.CharField(label=gettext_lazy("Issued by"), max_length=255)
    issuing_level = forms.ChoiceField(
        label=gettext_lazy("Issuing level"), choices=IssuingLevel.choices
    )
    issue_date = forms.DateField(label=gettext_lazy("Issue date"), widget=DATE)
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Leave empty for 36 months after the issue date."),
    )
    scan = forms.FileField(
        label=gettext_lazy("Scan of the certificate"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG, PNG or WebP."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class AwardForm(_ProductChoice):
    serializer_class = AwardWriteSerializer

    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=AwardLevel.choices)
    region = forms.ChoiceField(
        label=gettext_lazy("Region"), choices=[("", "—"), *AwardRegion.choices], required=False
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    product_group = forms.ChoiceField(
        label=gettext_lazy("Product group"), choices=AwardProductGroup.choices
    )
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=255)
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"), max_length=100, required=False
    )


def _page(
    request: HttpRequest,
    products: list[Product],
    cert_form: CertificateForm | None = None,
    award_form: AwardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    certificates = certificate_queryset_for(request.user).filter(vendor=vendor)
    certificates = certificates.order_by("expires_on", "id")
    rows = CertificateSerializer(certificates, many=True, context={"request": request}).data
    today = timezone.localdate()
    for row, cert in zip(rows, certificates, strict=True):
        row["object"] = cert
        row["expiring"] = (
            cert.status == "verified" and 0 <= (cert.expires_on - today).days <= EXPIRING_DAYS
        )
    awards = award_queryset_for(request.user).filter(vendor=vendor).order_by("-year", "-id")
    context = {
        "certificates": rows,
        "awards": awards,
        "cert_form": cert_form or CertificateForm(products=products, prefix="cert"),
        "award_form": award_form or AwardForm(products=products, prefix="award"),
        "expiring_days": EXPIRING_DAYS,
    }
    return TemplateResponse(request, "web/seller/certificates.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def certificates(request: HttpRequest) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    products = list(
        product_list_of_vendor(vendor=vendor, user=request.user)
        .prefetch_related(None)
        .select_related(None)
        .only("slug", "name", "vendor_id")
        .order_by("name", "id")
    )
    if request.method != "POST":
        return _page(request, products)
    user = cast(User, request.user)
    if request.POST.get("form") == "award":
        award_form = AwardForm(request.POST, products=products, prefix="award")
        if award_form.is_valid():
            product = award_form.chosen_product()
            if award_form.run(
                award_services.award_create, product=product, actor=user, **award_form.validated
            ):
                messages.success(request, _("The award is added; a moderator will verify it."))
                return HttpResponseRedirect(reverse("web:seller-certificates", args=[vendor.slug]))
        return _page(request, products, award_form=award_form, status=award_form.status)
    cert_form = CertificateForm(request.POST, request.FILES, products=products, prefix="cert")
    if cert_form.is_valid():
        product = cert_form.chosen_product()
        if cert_form.run(
            certificate_services.certificate_create,
            product=product,
            actor=user,
            **cert_form.validated,
        ):
            messages.success(request, _("The certificate is added; a moderator will verify it."))
            return HttpResponseRedirect(reverse("web:seller-certificates", args=[vendor.slug]))
    return _page(request, products, cert_form=cert_form, status=cert_form.status)
