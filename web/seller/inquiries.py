"""The seller center's questions and quotes (seller16b): the inquiries sent to the storefront
(open, answered, closed), one thread with its quotes, a reply, a quote (price, quantity,
shipping, validity) and withdrawing an open quote — the API's services (orders.services.
inquiries, orders.services.quotes) and input serializers, the API's refusals on the page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from marketplace.models import User
from orders.api.quotes import QuoteCreateSerializer, QuoteWithdrawSerializer
from orders.api.serializers import InquiryReplySerializer
from orders.models import Inquiry, InquiryMessage, InquiryStatus, Quote
from orders.selectors import inquiry_list_for, quote_list_for
from orders.services import inquiries, quotes
from orders.services.pricing import line_total
from web.forms import ServiceForm
from web.seller.trade import paged
from web.signed_in import seller_page


class ReplyForm(ServiceForm):
    serializer_class = InquiryReplySerializer
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class QuoteForm(ServiceForm):
    """One line, the inquiry's product: the quantity, the unit price, shipping and the last
    day the buyer may accept it."""

    serializer_class = QuoteCreateSerializer
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1)
    unit_price = forms.IntegerField(label=gettext_lazy("Unit price (VND)"), min_value=0)
    shipping_fee = forms.IntegerField(
        label=gettext_lazy("Shipping fee (VND)"), min_value=0, initial=0
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    LINE_FIELDS = ("quantity", "unit_price")

    def __init__(self, *args: Any, product: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product

    def serializer_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        line = {"product": self.product, **{k: data.pop(k) for k in self.LINE_FIELDS}}
        return {**data, "lines": [line]}

    def _put_errors(self, errors: Any) -> None:
        if isinstance(errors, dict) and isinstance(errors.get("lines"), list):
            lines = errors.pop("lines")
            for item in lines:
                if isinstance(item, dict):
                    errors.update(item)
                else:
                    errors.setdefault("non_field_errors", []).append(item)
        super()._put_errors(errors)


class WithdrawForm(ServiceForm):
    serializer_class = QuoteWithdrawSerializer
    reason = forms.CharField(label=gettext_lazy("Why (optional)"), max_length=1000, required=False)


def _inquiry(request: HttpRequest, pk: int) -> Inquiry:
    """An inquiry to this storefront (another storefront's is a 404)."""
    inquiry = (
        inquiry_list_for(request.user)
        .filter(vendor=request.vendor, pk=pk)  # type: ignore[attr-defined]
        .prefetch_related(
            Prefetch("messages", queryset=InquiryMessage.objects.select_related("author"))
        )
        .first()
    )
    if inquiry is None:
        raise Http404
    return inquiry


STATES = {
    "open": gettext_lazy("Open"),
    "accepted": gettext_lazy("Accepted"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "expired": gettext_lazy("Expired"),
}


def _quote_rows(
    request: HttpRequest, inquiry: Inquiry, withdraw: tuple[int, WithdrawForm] | None
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for quote in quote_list_for(request.user).filter(inquiry=inquiry):
        state = quotes.quote_state(quote, today)
        form = (
            withdraw[1]
            if withdraw is not None and withdraw[0] == quote.pk
            else WithdrawForm(auto_id=f"id_withdraw{quote.pk}_%s")
        )
        subtotal = sum(line_total(ln.unit_price, ln.quantity) for ln in quote.lines.all())
        rows.append(
            {
                "quote": quote,
                "state": state,
                "state_label": STATES.get(state, state),
                "withdraw_form": form if state == "open" or form.is_bound else None,
                "subtotal": subtotal,
                "total": subtotal + quote.shipping_fee,
            }
        )
    return rows


def _thread(
    request: HttpRequest,
    inquiry: Inquiry,
    *,
    reply: ReplyForm | None = None,
    quote: QuoteForm | None = None,
    withdraw: tuple[int, WithdrawForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    open_thread = inquiry.status != InquiryStatus.CLOSED
    context = {
        "inquiry": inquiry,
        "thread": list(inquiry.messages.all()),
        "quotes": _quote_rows(request, inquiry, withdraw),
        "open": open_thread,
        "reply_form": reply or ReplyForm(),
        "quote_form": quote
        or QuoteForm(
            initial={"quantity": inquiry.quantity, "unit_price": inquiry.product.price or None}
        ),
    }
    return TemplateResponse(request, "web/seller/inquiries_thread.html", context, status=status)


@require_safe
@seller_page
def inquiry_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in InquiryStatus.values else ""
    qs = inquiry_list_for(request.user).filter(vendor=request.vendor)  # type: ignore[attr-defined]
    if status:
        qs = qs.filter(status=status)
    context = paged(request, qs.order_by("-updated_at", "-id"), status=status) | {
        "status": status,
        "statuses": InquiryStatus.choices,
    }
    return TemplateResponse(request, "web/seller/inquiries_list.html", context)


@require_safe
@seller_page
def inquiry_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread(request, _inquiry(request, pk))


def _back(request: HttpRequest, inquiry: Inquiry, done: str) -> HttpResponseBase:
    messages.success(request, done)
    return redirect("web:seller-inquiry", request.vendor.slug, inquiry.pk)  # type: ignore[attr-defined]


@require_POST
@seller_page
def inquiry_reply(request: HttpRequest, pk: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    form = ReplyForm(request.POST)
    user = cast(User, request.user)
    if (
        form.is_valid()
        and form.run(
            inquiries.inquiry_reply, inquiry=inquiry, actor=user, body=form.validated["body"]
        )
        is not None
    ):
        return _back(request, inquiry, _("Your answer is sent."))
    return _thread(request, _inquiry(request, pk), reply=form, status=form.status)


@require_POST
@seller_page
def quote_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    form = QuoteForm(request.POST, product=inquiry.product.slug)
    user = cast(User, request.user)
    if form.is_valid():
        v = form.validated
        made = form.run(
            quotes.quote_create,
            inquiry=inquiry,
            actor=user,
            lines=[(ln["product"], ln["quantity"], ln["unit_price"]) for ln in v["lines"]],
            shipping_fee=v["shipping_fee"],
            valid_until=v["valid_until"],
            note=v["note"],
        )
        if made is not None:
            return _back(request, inquiry, _("Your quote is sent."))
    return _thread(request, _inquiry(request, pk), quote=form, status=form.status)


@require_POST
@seller_page
def quote_withdraw(request: HttpRequest, pk: int, quote_id: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    quote: Quote | None = quote_list_for(request.user).filter(inquiry=inquiry, pk=quote_id).first()
    if quote is None:
        raise Http404
    form = WithdrawForm(request.POST)
    user = cast(User, request.user)
    if (
        form.is_valid()
        and form.run(
            quotes.quote_withdraw, quote=quote, actor=user, reason=form.validated["reason"]
        )
        is not None
    ):
        return _back(request, inquiry, _("The quote is withdrawn."))
    return _thread(request, _inquiry(request, pk), withdraw=(quote.pk, form), status=form.status)
