"""The product page `/san-pham/<slug>/` and its two forms: put it in the cart, ask the seller.

Reads through catalog.selectors.product_detail_public() and the API detail's plain function
(catalog.api.serializers.product_detail_data), so the page shows what
`GET /api/v1/products/<slug>/` shows to everybody; writes through the orders
services the API calls (cart_add, inquiry_create) with the API's own input serializers. A
refusal is shown beside its field in the page's language, with the service's status."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalog.api.serializers import product_detail_data
from catalog.models import Product
from catalog.selectors import product_cards_related, product_detail_public
from core.errors import DomainError
from core.site import site_url
from media.api.serializers import vendor_brand_data
from orders.api.commerce_serializers import CartAddSerializer
from orders.api.serializers import InquiryCreateSerializer
from orders.selectors import review_list_published
from orders.services.carts import cart_add
from orders.services.inquiries import inquiry_create
from web.caching import public_page
from web.seo import jsonld
from web.shop.cards import cards
from web.shop.pictures import picture, share_image
from web.templatetags.web_extras import localized

RELATED = 4
REVIEWS = 10
# The main picture fills the column on a phone, about half the page from 720 px.
MAIN_SIZES = "(min-width: 720px) 50vw, 100vw"
THUMB_SIZES = "(min-width: 720px) 12vw, 25vw"


def _product(slug: str) -> Product:
    product = product_detail_public().filter(slug=slug).first()
    if product is None:
        raise Http404
    return product


def _reviews(product: Product) -> list[dict[str, Any]]:
    rows = review_list_published().filter(product=product)[:REVIEWS]
    return [
        {
            "author": review.buyer.get_full_name(),
            "stars": review.stars,
            "text": review.text,
            "reply": review.reply if review.replied_at else "",
            "created_at": timezone.localtime(review.created_at).isoformat(),
            "date": review.created_at,
        }
        for review in rows
    ]


def _context(request: HttpRequest, product: Product) -> dict[str, Any]:
    data = product_detail_data(product)
    vendor = data["vendor"]
    pictures = [
        p
        for i, image in enumerate(data["images"])
        if (p := picture(image, MAIN_SIZES if i == 0 else THUMB_SIZES))
    ]
    reviews = _reviews(product)
    url = site_url() + request.path
    trail = jsonld.category_trail(product.category_id)
    crumbs = [(_("Home"), reverse("web:home"))]
    crumbs += [(localized(c), reverse("web:category", args=[c.slug])) for c in trail]
    crumbs.append((product.name, request.path))
    logo = vendor_brand_data(product.vendor, "logo")
    return {
        "product": data,
        "vendor": vendor,
        "vendor_url": reverse("web:storefront", args=[vendor["slug"]]),
        "pictures": pictures,
        "reviews": reviews,
        "related": cards(product_cards_related(product, RELATED)),
        "crumbs": crumbs,
        "share_image": share_image(pictures, logo),
        "ld": jsonld.scripts(
            [
                jsonld.product(data, url, [p["largest"] for p in pictures], reviews),
                jsonld.breadcrumbs(crumbs),
            ]
        ),
        "sign_in_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path})}",
        "cart_form": {"quantity": product.min_order_quantity},
        "inquiry_form": {
            "quantity": product.min_order_quantity,
            "contact_name": request.user.get_full_name() if request.user.is_authenticated else "",
        },
        "errors": {},
    }


@require_GET
@public_page
def product_page(request: HttpRequest, slug: str) -> HttpResponse:
    product = _product(slug)
    return TemplateResponse(request, "web/shop/product.html", _context(request, product))


def _refused(
    request: HttpRequest,
    product: Product,
    form: str,
    values: dict[str, Any],
    errors: Any,
    status: int,
) -> HttpResponse:
    """The product page again, the form filled as sent and the refusal beside its fields."""
    context = _context(request, product)
    context[form] = values
    shown: dict[str, list[str]] = {}
    for key, msgs in errors.items():
        # a message for no one field (the service's detail, non_field_errors) goes on top
        name = key if key in values else "top"
        shown.setdefault(name, []).extend(str(m) for m in msgs)
    context["errors"] = {form: shown}
    return TemplateResponse(request, "web/shop/product.html", context, status=status)


def _domain_errors(exc: DomainError) -> dict[str, list[str]]:
    """The service's refusal: its message on top, its field messages beside the fields."""
    return {"top": [str(exc.detail)], **{k: [str(m) for m in v] for k, v in exc.errors.items()}}


@require_POST
def product_cart_add(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Signed in: the orders cart service (as POST /api/v1/cart/items/), then back to the
    product with a message. Anonymous: to the sign-in page, then back here."""
    product_url = reverse("web:product", args=[slug])
    if not request.user.is_authenticated:
        return redirect_to_login(product_url)
    product = _product(slug)
    values = {"quantity": request.POST.get("quantity", "")}
    form = CartAddSerializer(data={"product": slug, **values})
    if not form.is_valid():
        return _refused(request, product, "cart_form", values, form.errors, 400)
    try:
        cart_add(buyer=request.user, product_slug=slug, quantity=form.validated_data["quantity"])
    except DomainError as exc:
        return _refused(request, product, "cart_form", values, _domain_errors(exc), exc.status)
    messages.success(
        request,
        _("Added to your cart: %(n)s × %(name)s.")
        % {"n": form.validated_data["quantity"], "name": product.name},
    )
    return redirect(product_url)


INQUIRY_FIELDS = ("quantity", "message", "contact_name", "contact_phone", "contact_email")


@require_POST
def product_inquiry(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Signed in: an inquiry to the storefront (as POST /api/v1/inquiries/), then back to the
    product with a message. Anonymous: to the sign-in page, then back to the product."""
    product_url = reverse("web:product", args=[slug])
    if not request.user.is_authenticated:
        return redirect_to_login(product_url)
    product = _product(slug)
    values = {name: request.POST.get(name, "") for name in INQUIRY_FIELDS}
    form = InquiryCreateSerializer(data={"product": slug, **values})
    if not form.is_valid():
        return _refused(request, product, "inquiry_form", values, form.errors, 400)
    fields = dict(form.validated_data)
    fields.pop("product")
    try:
        inquiry_create(product_slug=slug, actor=request.user, **fields)
    except DomainError as exc:
        return _refused(request, product, "inquiry_form", values, _domain_errors(exc), exc.status)
    messages.success(
        request,
        _("Your question was sent to %(seller)s.") % {"seller": product.vendor.display_name},
    )
    return redirect(product_url)
