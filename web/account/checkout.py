"""Checkout, what to pay, and VNPay's return page (issue 16, D226).

- /thanh-toan/: the cart's storefronts, a delivery address (province, then the communes of that
  province — a second step without JavaScript, the API's communes endpoint with it), and a
  payment method per storefront among those it accepts. The form is the API's
  CheckoutSerializer and the order is orders.services.checkout.checkout_place, as
  POST /api/v1/checkout/. A hidden one-time token goes through the API's Idempotency-Key store
  (core.api.idempotency.person_once): a double submit places the orders once and shows them.
- /thanh-toan/xong/<checkout>/: per order, orders.services.payments.payment_instructions — the
  VietQR payload drawn as a QR code (segno, a PNG data URI), amount and reference in text; VNPay's
  payment link. Another person's checkout is a 404.
- /thanh-toan/vnpay/: where VNPay sends the buyer back. Its signature is checked
  (orders.services.vnpay.signature_valid); the query only says which order to show, and the
  page shows the payment's status as the IPN recorded it. It never marks anything paid."""

from __future__ import annotations

import base64
import io
import re
import uuid
from typing import Any, cast

import segno
from django import forms
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.api.idempotency import person_done, person_once
from marketplace.models import Commune, Province, User
from orders.api.commerce_serializers import CheckoutSerializer
from orders.models import Order, PaymentMethod, PaymentStatus
from orders.selectors import order_list_for
from orders.services import vnpay
from orders.services.checkout import Delivery, checkout_place
from orders.services.payments import payment_instructions
from web.account.cart import cart_context
from web.forms import ServiceForm
from web.signed_in import signed_in_page

TOKEN = re.compile(r"^[0-9a-f]{32}$")
METHOD_PREFIX = "pay__"
KEY_PREFIX, ACTION = "web-checkout:", "web:checkout"  # the one-time token's key in the store


class CheckoutForm(ServiceForm):
    serializer_class = CheckoutSerializer

    recipient_name = forms.CharField(label=gettext_lazy("Recipient"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=20)
    # Integers shown as selects: whether the commune is in the province is the service's word.
    province = forms.IntegerField(label=gettext_lazy("Province or city"), widget=forms.Select)
    commune = forms.IntegerField(
        label=gettext_lazy("Commune or ward"), widget=forms.Select, required=False
    )
    street = forms.CharField(label=gettext_lazy("House number, street"), max_length=255)
    note = forms.CharField(
        label=gettext_lazy("Note for the storefronts (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    once = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, groups: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = [(p.code, p.name) for p in Province.objects.order_by("name")]
        self.fields["province"].widget.choices = [("", _("Choose…")), *provinces]
        chosen = self.data.get("province") or self.initial.get("province")
        communes: list[tuple[Any, str]] = []
        if chosen and str(chosen).isdigit():
            communes = list(
                Commune.objects.filter(province_id=int(chosen))
                .order_by("name")
                .values_list("code", "name")
            )
        self.fields["commune"].widget.choices = [("", _("Choose…")), *communes]
        self.fields["commune"].widget.attrs["data-communes"] = "/api/v1/regions/provinces/"
        self.fields["recipient_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        labels = dict(PaymentMethod.choices)
        for group in groups:
            vendor = group["vendor"]
            methods = group["payment_methods"]
            self.fields[METHOD_PREFIX + vendor["slug"]] = forms.ChoiceField(
                label=_("How you pay %(shop)s") % {"shop": vendor["display_name"]},
                choices=[(m, labels.get(m, m)) for m in methods],
                widget=forms.RadioSelect,
                initial=methods[0] if len(methods) == 1 else None,
            )

    def serializer_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(METHOD_PREFIX)}
        data.pop("once", None)
        if data.get("commune") is None:
            data.pop("commune", None)
        methods = {
            k[len(METHOD_PREFIX) :]: v
            for k, v in self.cleaned_data.items()
            if k.startswith(METHOD_PREFIX) and v
        }
        if methods:
            data["payment_methods"] = methods
        return data

    def _put_errors(self, errors: Any) -> None:
        if isinstance(errors, dict) and "payment_methods" in errors:
            errors = dict(errors)
            messages = errors.pop("payment_methods")
            errors.setdefault("non_field_errors", []).extend(
                messages if isinstance(messages, list) else [str(messages)]
            )
        super()._put_errors(errors)


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _render(request: HttpRequest, form: CheckoutForm, cart: dict[str, Any], status: int) -> Any:
    methods = [form[name] for name in form.fields if name.startswith(METHOD_PREFIX)]
    context = {"form": form, "methods": methods, **cart}
    return TemplateResponse(request, "web/account/checkout.html", context, status=status)


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def checkout_page(request: HttpRequest) -> HttpResponseBase:
    user = _me(request)
    token = request.POST.get("once", "") if request.method == "POST" else ""
    if TOKEN.match(token):  # sent again after it placed the orders: show what to pay
        done = person_done(user, KEY_PREFIX + token, ACTION)
        if done is not None:
            return redirect("web:checkout-done", checkout=done["checkout"])
    cart = cart_context(user)
    if not cart["cart"]["storefronts"]:
        return redirect("web:cart")
    groups = cart["cart"]["storefronts"]
    if request.method != "POST":
        initial = {"recipient_name": user.full_name, "phone": user.phone, "once": uuid.uuid4().hex}
        return _render(request, CheckoutForm(initial=initial, groups=groups), cart, 200)
    form = CheckoutForm(request.POST, groups=groups)
    if "communes" in request.POST:  # the no-JavaScript step: the chosen province's communes
        return _render(request, form, cart, 200)
    if not TOKEN.match(token):  # a form from before this page had tokens, or a forged one
        data = request.POST.copy()
        data["once"] = uuid.uuid4().hex
        form = CheckoutForm(data, groups=groups)
        form.is_valid()
        form.add_error(None, _("This form has expired; look at it and send it again."))
        return _render(request, form, cart, 400)
    if not form.is_valid():
        return _render(request, form, cart, form.status)
    v = form.validated

    def place() -> dict[str, Any]:
        checkout = checkout_place(
            buyer=user,
            delivery=Delivery.from_address(v),
            payment_methods=v.get("payment_methods"),
        )
        return {"checkout": checkout.pk}

    outcome = form.run(person_once, user, KEY_PREFIX + token, ACTION, place)
    if outcome is None:
        return _render(request, form, cart, form.status)
    state, body = outcome
    if state == "running" or body is None:
        form.add_error(None, _("Your order is being placed; wait a moment and reload."))
        return _render(request, form, cart, 409)
    return redirect("web:checkout-done", checkout=body["checkout"])


def qr_data_uri(payload: str) -> str:
    """A VietQR payload as a PNG data URI a bank app scans and a buyer can save (segno); the
    checkout's payment page and the order page draw it alike."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=6, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "") or "")


def _payment_view(request: HttpRequest, order: Order) -> dict[str, Any]:
    pay = payment_instructions(order, client_ip=_client_ip(request))
    bank = pay.get("bank_transfer")
    if bank:
        bank["qr"] = qr_data_uri(bank["vietqr"])
    return {"order": order, "pay": pay}


@signed_in_page
@require_safe
def checkout_done(request: HttpRequest, checkout: int) -> HttpResponseBase:
    orders = list(
        order_list_for(request.user)
        .filter(checkout_id=checkout, buyer_id=request.user.pk)
        .order_by("id")
    )
    if not orders:
        raise Http404
    payments = [_payment_view(request, order) for order in orders]
    context = {"payments": payments, "total": sum(o.total for o in orders)}
    return TemplateResponse(request, "web/account/checkout_done.html", context)


@signed_in_page
@require_safe
def payment_return(request: HttpRequest) -> HttpResponseBase:
    """VNPay's return URL for people: the result the IPN recorded, never the query's."""
    params = {k: str(v) for k, v in request.GET.items()}
    if not vnpay.signature_valid(params):
        refused = {
            "title": _("This payment result cannot be read"),
            "detail": _("The payment result's signature is wrong."),
        }
        return TemplateResponse(request, "web/refusal.html", refused, status=400)
    order = (
        order_list_for(request.user)
        .filter(number=params.get("vnp_TxnRef", ""), buyer_id=request.user.pk)
        .first()
    )
    if order is None:
        raise Http404
    status = order.payment.status
    context: dict[str, Any] = {
        "order": order,
        "paid": status == PaymentStatus.PAID,
        "failed": status in (PaymentStatus.FAILED, PaymentStatus.EXPIRED),
        "pending": status == PaymentStatus.PENDING,
        "done_url": reverse("web:checkout-done", kwargs={"checkout": order.checkout_id}),
    }
    return TemplateResponse(request, "web/account/payment_return.html", context)
