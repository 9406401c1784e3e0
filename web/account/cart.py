"""The cart page (issue 16, D225): what GET /api/v1/cart/ answers — orders.selectors.cart_summary
through the API's CartSerializer — grouped by storefront with each one's shipping and totals,
and what changed since the cart was filled. Changing a quantity and removing a line call the
cart services the API calls (PATCH and DELETE /api/v1/cart/items/<id>/) with the API's input
serializer; a refusal shows the cart again with the message beside that line."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from marketplace.models import User
from orders.api.commerce_serializers import CartChangeSerializer, CartSerializer
from orders.selectors import cart_summary
from orders.services import carts
from web.signed_in import signed_in_page

# What each change code of the cart means to the buyer.
CHANGES = {
    "price_changed": gettext_lazy("The price changed since you put it in the cart."),
    "withdrawn": gettext_lazy("No longer on sale: remove it to order the rest."),
    "storefront_unavailable": gettext_lazy("This storefront does not sell at the moment."),
    "out_of_stock": gettext_lazy("Not enough in stock for this quantity."),
    "below_minimum": gettext_lazy("Below the storefront's minimum order quantity."),
}


def cart_context(user: User, errors: dict[int, list[str]] | None = None) -> dict[str, Any]:
    """The API's cart, each line with its changes in words (and a refusal, when one line's
    change was refused)."""
    cart = CartSerializer(cart_summary(user)).data
    for group in cart["storefronts"]:
        for line in group["lines"]:
            line["change_texts"] = [str(CHANGES[c]) for c in line["changes"] if c in CHANGES]
            line["errors"] = (errors or {}).get(line["id"], [])
    return {"cart": cart}


def _render(
    request: HttpRequest, status: int = 200, line_errors: dict[int, list[str]] | None = None
) -> HttpResponseBase:
    context = cart_context(cast(User, request.user), line_errors)
    if line_errors and not any(
        line["errors"] for g in context["cart"]["storefronts"] for line in g["lines"]
    ):
        context["refusal"] = " ".join(m for ms in line_errors.values() for m in ms)
    return TemplateResponse(request, "web/account/cart.html", context, status=status)


@signed_in_page
@require_safe
def cart_page(request: HttpRequest) -> HttpResponseBase:
    return _render(request)


@signed_in_page
@require_POST
def cart_line_change(request: HttpRequest, item_id: int) -> HttpResponseBase:
    data = CartChangeSerializer(data={"quantity": request.POST.get("quantity", "")})
    if not data.is_valid():
        errors = [str(m) for m in data.errors.get("quantity", [])]
        return _render(request, 400, line_errors={item_id: errors})
    try:
        carts.cart_change(
            buyer=cast(User, request.user),
            item_id=item_id,
            quantity=data.validated_data["quantity"],
        )
    except DomainError as exc:
        errors = [str(exc.detail)] + [str(m) for ms in exc.errors.values() for m in ms]
        return _render(request, exc.status, line_errors={item_id: errors})
    messages.success(request, _("The quantity is changed."))
    return redirect("web:cart")


@signed_in_page
@require_POST
def cart_line_remove(request: HttpRequest, item_id: int) -> HttpResponseBase:
    try:
        carts.cart_remove(buyer=cast(User, request.user), item_id=item_id)
    except DomainError as exc:
        return _render(request, exc.status, line_errors={item_id: [str(exc.detail)]})
    messages.success(request, _("The line is removed from your cart."))
    return redirect("web:cart")
