"""A buyer's orders (issue 16, orders16): the list, one order (its storefront's part of a
checkout: lines, shipping, totals, payment and how to pay while unpaid, the status timeline), and
the buyer's actions — cancel, confirm delivery, return, review the delivered lines, complain —
each through the service the API calls (orders/api/orders.py, reviews.py, complaints.py).

The pages show the signed-in person's own orders only: another buyer's order, or a storefront
member's view of an order they sell, is a 404 here (the seller center has its own pages). A
refusal of the service (409 illegal move, return window passed, …) renders the order again
with the service's message beside the form, with the API's status."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from marketplace.models import User
from orders.models import Order, OrderLine, OrderStatus
from orders.selectors import complaint_list_for, order_list_for, review_rows
from orders.services import complaints, lifecycle, payments, pictures, reviews
from orders.services.complaints import AFTER_DELIVERY, CLOSED
from orders.services.reviews import REVIEWABLE
from web.account.activity_forms import (
    CancelForm,
    ComplaintEscalateForm,
    ComplaintMessageForm,
    ComplaintOpenForm,
    ComplaintWithdrawForm,
    ReturnForm,
    ReviewForm,
)
from web.account.checkout import qr_data_uri
from web.forms import ServiceForm
from web.signed_in import signed_in_page

ORDERS_PER_PAGE = 20
LINES = Prefetch("lines", queryset=OrderLine.objects.order_by("id"))


def my_orders(user: User) -> QuerySet[Order]:
    """The person's own orders, through the API's selector (order_list_for) narrowed to the
    buyer, as GET /api/v1/orders/ answers a buyer."""
    return order_list_for(user).filter(buyer_id=user.pk)


def _order(request: HttpRequest, number: str) -> Order:
    return get_object_or_404(
        my_orders(cast(User, request.user)).prefetch_related(LINES), number=number
    )


@signed_in_page
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    qs = my_orders(cast(User, request.user)).order_by("-placed_at", "-id")
    page = Paginator(qs, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "orders": list(page.object_list),
        "previous_url": f"?page={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"?page={page.next_page_number()}" if page.has_next() else "",
    }
    return TemplateResponse(request, "web/account/orders_list.html", context)


# --- one order ----------------------------------------------------------------------------------


def timeline(order: Order) -> list[dict[str, Any]]:
    """Where the order went and when: the moments the API gives (placed_at … closed_at),
    the closing one named by the final status and its reason."""
    steps = [
        (OrderStatus.PLACED, order.placed_at),
        (OrderStatus.CONFIRMED, order.confirmed_at),
        (OrderStatus.SHIPPED, order.shipped_at),
        (OrderStatus.DELIVERED, order.delivered_at),
    ]
    out = [{"label": OrderStatus(s).label, "at": at, "reason": ""} for s, at in steps if at]
    closing = order.status in (OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.RETURNED)
    if closing and order.closed_at is not None:
        out.append(
            {
                "label": OrderStatus(order.status).label,
                "at": order.closed_at,
                "reason": order.status_reason,
            }
        )
    return out


def _window_open(order: Order, days: int, now: dt.datetime) -> bool:
    return order.delivered_at is not None and now <= order.delivered_at + dt.timedelta(days=days)


def _context(request: HttpRequest, order: Order, **forms: ServiceForm) -> dict[str, Any]:
    user = cast(User, request.user)
    now = timezone.now()
    instructions = payments.payment_instructions(
        order, client_ip=str(request.META.get("REMOTE_ADDR", "") or "")
    )
    transfer = instructions.get("bank_transfer")
    my_reviews = list(review_rows().filter(order=order, buyer_id=user.pk).order_by("id"))
    reviewed = {r.order_line_id for r in my_reviews}
    reviewable = order.status in REVIEWABLE
    lines = [
        {
            "line": line,
            "review_form": forms.get(f"review_{line.pk}") or ReviewForm(prefix=f"line{line.pk}"),
            "reviewable": reviewable and line.pk not in reviewed,
        }
        for line in order.lines.all()
    ]
    thread = list(complaint_list_for(user).filter(order=order).order_by("-created_at", "-id"))
    under_way = next((c for c in thread if c.status not in CLOSED), None)
    return {
        "order": order,
        "lines": lines,
        "timeline": timeline(order),
        "payment": instructions,
        "transfer": transfer,
        "vietqr": qr_data_uri(transfer["vietqr"]) if transfer else "",
        "reviews": my_reviews,
        "store_review_form": forms.get("review_store") or ReviewForm(prefix="store"),
        "store_reviewable": reviewable and None not in reviewed,
        "can_cancel": order.status == OrderStatus.PLACED,
        "cancel_form": forms.get("cancel") or CancelForm(),
        "can_complete": order.status == OrderStatus.DELIVERED,
        "complete_form": forms.get("complete") or ServiceForm(),
        "can_return": order.status == OrderStatus.DELIVERED
        and _window_open(order, settings.ORDER_RETURN_WINDOW_DAYS, now),
        "return_form": forms.get("return") or ReturnForm(),
        "return_days": settings.ORDER_RETURN_WINDOW_DAYS,
        "complaints": thread,
        "can_complain": order.status in AFTER_DELIVERY
        and under_way is None
        and _window_open(order, settings.ORDER_COMPLAINT_WINDOW_DAYS, now),
        "complaint_form": forms.get("complaint") or ComplaintOpenForm(),
        "under_way": under_way,
        "message_form": forms.get("message") or ComplaintMessageForm(),
        "escalate_form": forms.get("escalate") or ComplaintEscalateForm(),
        "withdraw_form": forms.get("withdraw") or ComplaintWithdrawForm(),
        "pictures_max": settings.ORDER_PICTURES_MAX,
    }


def _shown(context: dict[str, Any], key: str) -> bool:
    """Whether the page shows the form `key` (else its refusal goes on top of the page)."""
    under_way = context["under_way"] is not None
    if key.startswith("review_"):
        rows = {f"review_{row['line'].pk}": row["reviewable"] for row in context["lines"]}
        return bool(rows.get(key, context["store_reviewable"] and key == "review_store"))
    return bool(
        {
            "cancel": context["can_cancel"],
            "complete": False,  # a button only: its refusal always goes on top
            "return": context["can_return"],
            "complaint": context["can_complain"],
            "message": under_way,
            "escalate": under_way and context["under_way"].status != "escalated",
            "withdraw": under_way,
        }.get(key)
    )


def _page(
    request: HttpRequest, order: Order, status: int = 200, **forms: ServiceForm
) -> HttpResponse:
    context = _context(request, order, **forms)
    for key, form in forms.items():
        if not _shown(context, key):
            context["refusal"] = form.non_field_errors() or form.errors.get("pictures")
    return TemplateResponse(request, "web/account/orders_detail.html", context, status=status)


@signed_in_page
@require_safe
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _page(request, _order(request, number))


def _done(request: HttpRequest, order: Order, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("web:order", args=[order.number]) + anchor)


def _refused(request: HttpRequest, order: Order, key: str, form: ServiceForm) -> HttpResponse:
    """The order again with the refused form filled in and its message; fresh from the database
    (the service may have found it moved)."""
    fresh = _order(request, order.number)
    return _page(request, fresh, form.status, **{key: form})


# --- the buyer's moves (POST /tai-khoan/don-hang/<number>/<action>/) --------------------------


@signed_in_page
@require_POST
def order_cancel(request: HttpRequest, number: str) -> HttpResponseBase:
    order = _order(request, number)
    form = CancelForm(request.POST)
    if (
        form.is_valid()
        and form.run(
            lifecycle.order_cancel, order=order, actor=request.user, reason=form.validated["reason"]
        )
        is not None
    ):
        return _done(request, order, _("Order %(number)s is cancelled.") % {"number": number})
    return _refused(request, order, "cancel", form)


@signed_in_page
@require_POST
def order_complete(request: HttpRequest, number: str) -> HttpResponseBase:
    order = _order(request, number)
    form = ServiceForm(request.POST)
    if (
        form.is_valid()
        and form.run(lifecycle.order_complete, order=order, actor=request.user) is not None
    ):
        return _done(request, order, _("Thank you: you confirmed that the order arrived."))
    return _refused(request, order, "complete", form)


@signed_in_page
@require_POST
def order_return(request: HttpRequest, number: str) -> HttpResponseBase:
    order = _order(request, number)
    form = ReturnForm(request.POST)
    if (
        form.is_valid()
        and form.run(
            lifecycle.order_return, order=order, actor=request.user, reason=form.validated["reason"]
        )
        is not None
    ):
        return _done(
            request, order, _("Your return of order %(number)s is recorded.") % {"number": number}
        )
    return _refused(request, order, "return", form)


def _attach(form: ServiceForm, add: Any, actor: User, files: list[Any], **target: Any) -> bool:
    """Each picture through the pictures service; the first refusal stops and shows beside
    the field (what was saved before it stays saved, as with the API's one-by-one uploads)."""
    for upload in files:
        try:
            add(actor=actor, upload=upload, **target)
        except DomainError as exc:
            form.add_error("pictures", str(exc.detail))
            form.status = exc.status
            return False
    return True


@signed_in_page
@require_POST
def order_review(request: HttpRequest, number: str) -> HttpResponseBase:
    order = _order(request, number)
    user = cast(User, request.user)
    line_raw = request.POST.get("line", "")
    prefix = f"line{line_raw}" if line_raw.isdigit() else "store"
    key = f"review_{line_raw}" if line_raw.isdigit() else "review_store"
    form = ReviewForm(request.POST, request.FILES, prefix=prefix)
    if not form.is_valid():
        return _refused(request, order, key, form)
    data = form.validated
    line_id = int(line_raw) if line_raw.isdigit() else None
    review = form.run(
        reviews.review_create,
        order=order,
        actor=user,
        stars=data["stars"],
        text=data["text"],
        line_id=line_id,
    )
    if review is None:
        return _refused(request, order, key, form)
    if not _attach(
        form, pictures.review_picture_add, user, form.cleaned_data["pictures"], review=review
    ):
        messages.success(request, _("Your review is saved."))
        return _refused(request, order, key, form)
    return _done(request, order, _("Thank you for your review."), "#danh-gia")


@signed_in_page
@require_POST
def complaint_open(request: HttpRequest, number: str) -> HttpResponseBase:
    order = _order(request, number)
    user = cast(User, request.user)
    form = ComplaintOpenForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, order, "complaint", form)
    complaint = form.run(
        complaints.complaint_open,
        order=order,
        actor=user,
        reason=form.validated["reason"],
        body=form.validated["body"],
    )
    if complaint is None:
        return _refused(request, order, "complaint", form)
    files = form.cleaned_data["pictures"]
    if not _attach(form, pictures.complaint_picture_add, user, files, complaint=complaint):
        messages.success(request, _("Your complaint is sent to the storefront."))
        return _refused(request, order, "complaint", form)
    return _done(request, order, _("Your complaint is sent to the storefront."), "#khieu-nai")


COMPLAINT_ACTIONS = {
    "message": (
        ComplaintMessageForm,
        lambda c, u, v: complaints.complaint_message(complaint=c, actor=u, body=v["body"]),
        gettext_lazy("Your message is sent."),
    ),
    "escalate": (
        ComplaintEscalateForm,
        lambda c, u, v: complaints.complaint_escalate(complaint=c, actor=u, reason=v["reason"]),
        gettext_lazy("The exchange's moderators will decide."),
    ),
    "withdraw": (
        ComplaintWithdrawForm,
        lambda c, u, v: complaints.complaint_withdraw(complaint=c, actor=u, reason=v["reason"]),
        gettext_lazy("Your complaint is withdrawn."),
    ),
}


@signed_in_page
@require_POST
def complaint_action(request: HttpRequest, number: str, pk: int, action: str) -> HttpResponseBase:
    order = _order(request, number)
    user = cast(User, request.user)
    complaint = get_object_or_404(complaint_list_for(user).filter(order=order), pk=pk)
    form_class, run, success = COMPLAINT_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid() and form.run(run, complaint, user, form.validated) is not None:
        return _done(request, order, str(success), "#khieu-nai")
    return _refused(request, order, action, form)
