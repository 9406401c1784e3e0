"""The seller center's orders (seller16b): the storefront's orders by status, one order with
its lines, the buyer's delivery (as the API shows it to the storefront's members,
orders/api/viewer.py), its payment and timeline, and the moves the storefront makes — confirm,
ship (carrier and tracking code), mark paid (bank transfer, cash), cancel with a reason before
shipping, mark delivered — through the API's services and input serializers. A refusal (an
illegal move is the API's 409) shows on the order's page with the API's status. The packing
slip is a page of its own, made to be printed (A5 or A4, D234)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.api.serializers import ReasonSerializer
from marketplace.models import User
from orders.api.commerce_serializers import MarkPaidSerializer, ShipSerializer
from orders.api.viewer import Viewer
from orders.models import Order, OrderLine, OrderStatus, PaymentMethod, PaymentStatus
from orders.selectors import order_list_of_vendor
from orders.services import lifecycle, payments
from traceability.selectors import lots_of_order_lines
from web.forms import ServiceForm
from web.seller.trade import paged
from web.signed_in import seller_page

LINES = Prefetch("lines", queryset=OrderLine.objects.select_related("product").order_by("id"))
S = OrderStatus


class ShipForm(ServiceForm):
    serializer_class = ShipSerializer
    # Not required here: the API's serializer and order_ship say what is missing, in its words.
    carrier = forms.CharField(label=gettext_lazy("Carrier"), max_length=100, required=False)
    tracking_code = forms.CharField(
        label=gettext_lazy("Tracking code"), max_length=100, required=False
    )


class PaidForm(ServiceForm):
    serializer_class = MarkPaidSerializer
    reference = forms.CharField(
        label=gettext_lazy("Transfer reference (optional)"), max_length=100, required=False
    )


class CancelForm(ServiceForm):
    serializer_class = ReasonSerializer
    reason = forms.CharField(
        label=gettext_lazy("Why is it cancelled? (the buyer reads this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class ActionForm(ServiceForm):
    """An action without fields (confirm, delivered): only the refusal to show."""


# action → (service, form, success message)
ACTIONS: dict[str, tuple[Callable[..., Any], type[ServiceForm], Any]] = {
    "confirm": (lifecycle.order_confirm, ActionForm, gettext_lazy("The order is confirmed.")),
    "ship": (lifecycle.order_ship, ShipForm, gettext_lazy("The order is on its way.")),
    "paid": (payments.payment_mark_paid, PaidForm, gettext_lazy("The payment is recorded.")),
    "cancel": (lifecycle.order_cancel, CancelForm, gettext_lazy("The order is cancelled.")),
    "deliver": (lifecycle.order_deliver, ActionForm, gettext_lazy("The order is delivered.")),
}


def _order(request: HttpRequest, number: str) -> Order:
    """The storefront's order (another storefront's is a 404, as the API's list is)."""
    order = (
        order_list_of_vendor(request.vendor)  # type: ignore[attr-defined]
        .prefetch_related(LINES)
        .filter(number=number)
        .first()
    )
    if order is None:
        raise Http404
    return order


def _can(order: Order) -> dict[str, bool]:
    """Which moves to offer (the services decide; a stale page's move is refused with 409)."""
    payment = order.payment
    closed = order.status in (S.CANCELLED, S.RETURNED)
    return {
        "confirm": order.status == S.PLACED,
        "ship": order.status == S.CONFIRMED,
        "paid": payment.status == PaymentStatus.PENDING
        and payment.method != PaymentMethod.VNPAY
        and not closed,
        "cancel": order.status in (S.PLACED, S.CONFIRMED),
        "deliver": order.status == S.SHIPPED,
    }


def _timeline(order: Order) -> list[tuple[Any, Any]]:
    steps = [
        (_("Placed"), order.placed_at),
        (_("Confirmed"), order.confirmed_at),
        (_("Paid"), order.payment.paid_at),
        (_("Shipped"), order.shipped_at),
        (_("Delivered"), order.delivered_at),
        (order.get_status_display() if order.closed_at else _("Closed"), order.closed_at),
    ]
    return sorted(((label, at) for label, at in steps if at is not None), key=lambda s: s[1])


def _lines(order: Order) -> list[dict[str, Any]]:
    lines = list(order.lines.all())
    lots = lots_of_order_lines([line.pk for line in lines])
    return [{"line": line, "lot": lots.get(line.pk)} for line in lines]


def _detail(
    request: HttpRequest, order: Order, *, bound: ServiceForm | None = None, action: str = ""
) -> HttpResponse:
    forms_by_action = {name: form() for name, (_s, form, _m) in ACTIONS.items()}
    if bound is not None:
        forms_by_action[action] = bound
    viewer = Viewer(cast(Any, request))
    context = {
        "order": order,
        "lines": _lines(order),
        "delivery": viewer.sees_delivery(order),
        "timeline": _timeline(order),
        "can": _can(order),
        "forms": forms_by_action,
        "refused": action if bound is not None else "",
        "unpaid_prepaid": order.payment_method in lifecycle.PREPAID
        and order.payment.status != PaymentStatus.PAID,
    }
    status = bound.status if bound is not None else 200
    return TemplateResponse(request, "web/seller/orders_detail.html", context, status=status)


@require_safe
@seller_page
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in S.values else ""
    qs = order_list_of_vendor(request.vendor).order_by("-placed_at", "-id")  # type: ignore[attr-defined]
    if status:
        qs = qs.filter(status=status)
    context = paged(request, qs, status=status) | {
        "status": status,
        "statuses": S.choices,
    }
    return TemplateResponse(request, "web/seller/orders_list.html", context)


@require_safe
@seller_page
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _order(request, number))


@require_POST
@seller_page
def order_action(request: HttpRequest, number: str, action: str) -> HttpResponseBase:
    order = _order(request, number)
    service, form_class, done = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        fields = form.validated if form.serializer_class is not None else {}
        user = cast(User, request.user)
        if form.run(service, order=order, actor=user, **fields) is not None:
            messages.success(request, str(done))
            return redirect("web:seller-order", request.vendor.slug, order.number)  # type: ignore[attr-defined]
    return _detail(request, _order(request, number), bound=form, action=action)


@require_safe
@seller_page
def packing_slip(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(request, number)
    size = request.GET.get("size", "a5")
    context = {
        "order": order,
        "lines": _lines(order),
        "size": size if size in ("a5", "a4") else "a5",
    }
    return TemplateResponse(request, "web/seller/orders_slip.html", context)
