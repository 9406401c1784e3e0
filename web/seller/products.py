"""A storefront's products in the seller center: the list with each product's status (and the
moderator's reason when rejected), create and edit, submit for review, withdraw.

Fields and messages are the API's (catalog.api.serializers.ProductWriteSerializer /
ProductUpdateSerializer), the writes its services (catalog.services.products). A product of
another storefront is a 404, as the API answers."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework import serializers

from catalog.api.serializers import ProductUpdateSerializer, ProductWriteSerializer
from catalog.models import Availability, Category, Product, ProductStatus, Unit
from catalog.selectors import product_list_of_vendor
from catalog.services import products as product_services
from core.errors import DomainError
from marketplace.models import User, Vendor
from web.forms import ServiceForm
from web.signed_in import refusal_page, seller_page

PAGE_SIZE = 20
STATUS_FILTERS = (
    ProductStatus.DRAFT,
    ProductStatus.PENDING_REVIEW,
    ProductStatus.PUBLISHED,
    ProductStatus.REJECTED,
    ProductStatus.ARCHIVED,
)


def vendor_product(request: HttpRequest, slug: str) -> Product:
    """The storefront's product `slug` (any status: the page is its members'), else 404."""
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    product = (
        product_list_of_vendor(vendor=vendor, user=request.user)
        .prefetch_related(None)
        .select_related("vendor", "category", "unit")
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404
    return product


class ProductForm(ServiceForm):
    serializer_class: ClassVar[type[serializers.Serializer] | None] = ProductUpdateSerializer

    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    category = forms.ChoiceField(label=gettext_lazy("Category"))
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))
    price = forms.IntegerField(
        label=gettext_lazy("Price (VND)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    price_on_request = forms.BooleanField(label=gettext_lazy("Price on request"), required=False)
    min_order_quantity = forms.IntegerField(
        label=gettext_lazy("Minimum order quantity"), min_value=1, initial=1
    )
    availability = forms.ChoiceField(
        label=gettext_lazy("Availability"), choices=Availability.choices
    )
    gtin = forms.CharField(
        label=gettext_lazy("GTIN (barcode)"),
        max_length=14,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.order_by("path").values_list("slug", "name", "depth")
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "—")] + [
            (slug, "\u2003" * depth + name) for slug, name, depth in categories
        ]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", "—"),
            *list(Unit.objects.order_by("name").values_list("code", "name")),
        ]

    def serializer_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("price") is None:
            data.pop("price", None)
        return data


class NewProductForm(ProductForm):
    serializer_class = ProductWriteSerializer

    def __init__(self, *args: Any, vendor: Vendor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor

    def serializer_data(self) -> dict[str, Any]:
        return {**super().serializer_data(), "vendor": self.vendor.slug}


def _list_url(vendor: Vendor, page: int, status: str) -> str:
    query = f"?page={page}" + (f"&status={status}" if status else "")
    return reverse("web:seller-products", args=[vendor.slug]) + query


@require_GET
@seller_page
def product_list(request: HttpRequest) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    rows = (
        product_list_of_vendor(vendor=vendor, user=request.user, status=status or None)
        .prefetch_related(None)
        .select_related(None)
        .only("slug", "name", "status", "status_reason", "price", "price_on_request", "vendor_id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "web/seller/products.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [(s, ProductStatus(s).label) for s in STATUS_FILTERS],
            "page": page.number,
            "previous_url": _list_url(vendor, page.number - 1, status)
            if page.has_previous()
            else None,
            "next_url": _list_url(vendor, page.number + 1, status) if page.has_next() else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def product_new(request: HttpRequest) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    if request.method != "POST":
        form = NewProductForm(vendor=vendor)
        return TemplateResponse(request, "web/seller/product_form.html", {"form": form})
    form = NewProductForm(request.POST, vendor=vendor)
    if form.is_valid():
        fields = dict(form.validated)
        fields.pop("vendor")
        product = form.run(
            product_services.product_create, vendor=vendor, actor=cast(User, request.user), **fields
        )
        if product is not None:
            messages.success(
                request, _("The product is saved as a draft. Add its pictures, then submit it.")
            )
            return HttpResponseRedirect(
                reverse("web:seller-product-pictures", args=[vendor.slug, product.slug])
            )
    return TemplateResponse(
        request, "web/seller/product_form.html", {"form": form}, status=form.status
    )


def _product_initial(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "category": product.category.slug,
        "unit": product.unit.code,
        "price": product.price,
        "price_on_request": product.price_on_request,
        "min_order_quantity": product.min_order_quantity,
        "availability": product.availability,
        "gtin": product.gtin,
        "description": product.description,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def product_edit(request: HttpRequest, product: str) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    found = vendor_product(request, product)
    if request.method != "POST":
        form = ProductForm(initial=_product_initial(found))
        context = {"form": form, "product": found}
        return TemplateResponse(request, "web/seller/product_form.html", context)
    form = ProductForm(request.POST)
    if form.is_valid():
        saved = form.run(
            product_services.product_update,
            product=found,
            actor=cast(User, request.user),
            **form.validated,
        )
        if saved is not None:
            messages.success(request, _("The product is saved."))
            return HttpResponseRedirect(reverse("web:seller-products", args=[vendor.slug]))
    return TemplateResponse(
        request,
        "web/seller/product_form.html",
        {"form": form, "product": found},
        status=form.status,
    )


def _move(request: HttpRequest, product: str, service: Any, done: str) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    found = vendor_product(request, product)
    try:
        service(product=found, actor=cast(User, request.user))
    except DomainError as exc:
        return refusal_page(request, exc)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("web:seller-products", args=[vendor.slug]))


@require_POST
@seller_page
def product_submit(request: HttpRequest, product: str) -> HttpResponseBase:
    return _move(
        request,
        product,
        product_services.product_submit,
        _("The product is sent to the moderators for review."),
    )


@require_POST
@seller_page
def product_withdraw(request: HttpRequest, product: str) -> HttpResponseBase:
    return _move(
        request,
        product,
        product_services.product_withdraw,
        _("The product is back among your drafts."),
    )
