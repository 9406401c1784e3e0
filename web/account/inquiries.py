"""A buyer's questions and quotes (issue 16, orders16): the inquiries they sent, one thread with
the storefront (reply, close), the quotes the storefront sent, and accepting one — which makes
an order through the checkout exactly as POST /api/v1/quotes/{id}/accept/ does. A quote nobody
accepts simply lapses after its last day (it reads "expired", as in the API).

Only the person's own inquiries: another buyer's thread, or a storefront member's view of an
inquiry to their storefront, is a 404 here (the seller center answers those)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from marketplace.models import User
from orders.models import Inquiry, InquiryMessage, InquiryStatus, Order
from orders.selectors import inquiry_list_for, quote_list_for
from orders.services import inquiries, quotes
from orders.services.checkout import Delivery
from orders.services.sales import methods_offered, sales_terms
from web.account.activity_forms import QuoteAcceptForm, ReplyForm
from web.forms import ServiceForm
from web.signed_in import signed_in_page

INQUIRIES_PER_PAGE = 20
MESSAGES = Prefetch("messages", queryset=InquiryMessage.objects.order_by("created_at", "id"))


def my_inquiries(user: User) -> QuerySet[Inquiry]:
    """The inquiries the person sent, through the API's selector (role=buyer)."""
    return inquiry_list_for(user).filter(buyer_id=user.pk)


def _inquiry(request: HttpRequest, pk: int) -> Inquiry:
    qs = my_inquiries(cast(User, request.user)).prefetch_related(MESSAGES)
    return get_object_or_404(qs, pk=pk)


@signed_in_page
@require_safe
def inquiry_list(request: HttpRequest) -> HttpResponse:
    qs = my_inquiries(cast(User, request.user)).order_by("-updated_at", "-id")
    page = Paginator(qs, INQUIRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "inquiries": list(page.object_list),
        "previous_url": f"?page={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"?page={page.next_page_number()}" if page.has_next() else "",
    }
    return TemplateResponse(request, "web/account/inquiries_list.html", context)


def _methods(inquiry: Inquiry) -> list[str]:
    """How this storefront takes payment (its terms of sale, as the cart shows them)."""
    return methods_offered(sales_terms(inquiry.vendor))


def _last_address(user: User) -> dict[str, Any]:
    """The accept form starts from the person's name (and nothing they did not type)."""
    return {"recipient_name": user.full_name}


def _page(
    request: HttpRequest,
    inquiry: Inquiry,
    status: int = 200,
    *,
    reply: ServiceForm | None = None,
    accept: tuple[int, QuoteAcceptForm] | None = None,
    refusal: Any = None,
) -> HttpResponse:
    user = cast(User, request.user)
    rows = []
    for quote in quote_list_for(user).filter(inquiry=inquiry).order_by("-created_at", "-id"):
        state = quotes.quote_state(quote)
        form = (
            accept[1]
            if accept is not None and accept[0] == quote.pk
            else QuoteAcceptForm(
                initial=_last_address(user), prefix=f"q{quote.pk}", methods=_methods(inquiry)
            )
        )
        lines = list(quote.lines.all())
        subtotal = sum(ln.unit_price * ln.quantity for ln in lines)
        rows.append(
            {
                "quote": quote,
                "state": state,
                "lines": [{"line": ln, "total": ln.unit_price * ln.quantity} for ln in lines],
                "subtotal": subtotal,
                "total": subtotal + quote.shipping_fee,
                "form": form,
                "open": state == "open",
            }
        )
    context = {
        "inquiry": inquiry,
        "thread": list(inquiry.messages.all()),
        "quotes": rows,
        "reply_form": reply or ReplyForm(),
        "closed": inquiry.status == InquiryStatus.CLOSED,
        "refusal": refusal,
    }
    return TemplateResponse(request, "web/account/inquiries_detail.html", context, status=status)


@signed_in_page
@require_safe
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _inquiry(request, pk))


def _back(request: HttpRequest, inquiry: Inquiry, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("web:inquiry", args=[inquiry.pk]))


@signed_in_page
@require_POST
def inquiry_reply(request: HttpRequest, pk: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    form = ReplyForm(request.POST)
    if (
        form.is_valid()
        and form.run(
            inquiries.inquiry_reply,
            inquiry=inquiry,
            actor=request.user,
            body=form.validated["body"],
        )
        is not None
    ):
        return _back(request, inquiry, _("Your message is sent."))
    fresh = _inquiry(request, pk)
    refusal = None if fresh.status != InquiryStatus.CLOSED else form.non_field_errors()
    return _page(request, fresh, form.status, reply=form, refusal=refusal)


@signed_in_page
@require_POST
def inquiry_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    form = ServiceForm(request.POST)
    if (
        form.is_valid()
        and form.run(inquiries.inquiry_close, inquiry=inquiry, actor=request.user) is not None
    ):
        return _back(request, inquiry, _("The inquiry is closed."))
    return _page(request, _inquiry(request, pk), form.status, refusal=form.non_field_errors())


@signed_in_page
@require_POST
def quote_accept(request: HttpRequest, pk: int, quote_pk: int) -> HttpResponseBase:
    inquiry = _inquiry(request, pk)
    user = cast(User, request.user)
    quote = get_object_or_404(quote_list_for(user).filter(inquiry=inquiry), pk=quote_pk)
    form = QuoteAcceptForm(request.POST, prefix=f"q{quote.pk}", methods=_methods(inquiry))
    if "communes" in request.POST:  # "Show its communes": the same form, the province's list
        return _page(request, inquiry, accept=(quote.pk, _unvalidated(form)))
    if not form.is_valid():
        return _page(request, inquiry, form.status, accept=(quote.pk, form))
    v = form.validated
    done = form.run(
        quotes.quote_accept,
        quote=quote,
        actor=user,
        delivery=Delivery.from_address(v),
        payment_method=v["payment_method"],
    )
    if done is None:
        fresh = _inquiry(request, pk)
        state = quotes.quote_state(quote_list_for(user).get(pk=quote.pk))
        refusal = form.non_field_errors() if state != "open" else None
        return _page(request, fresh, form.status, accept=(quote.pk, form), refusal=refusal)
    order = cast(Order, done[1])
    messages.success(
        request, _("You accepted the quote: order %(number)s.") % {"number": order.number}
    )
    return HttpResponseRedirect(reverse("web:order", args=[order.number]))


def _unvalidated(form: QuoteAcceptForm) -> QuoteAcceptForm:
    """The posted form shown again without error messages (the person only asked for the
    chosen province's communes)."""
    return QuoteAcceptForm(prefix=form.prefix, initial=_posted(form), methods=form.methods)


def _posted(form: QuoteAcceptForm) -> dict[str, Any]:
    return {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
