"""The seller center's reviews and complaints (seller16b).

Reviews: what buyers wrote about the storefront and its products, held and hidden ones too
(as the API shows them to members, orders.selectors.reviews_visible); the storefront replies
once, publicly (review_reply), or reports one to the moderators (review_report).

Complaints: those about the storefront's orders, the thread and the storefront's answer
(complaint_message). The decision stays the moderators' (issue 16): no button for it here."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from marketplace.models import User
from orders.api.complaints import ComplaintBodySerializer
from orders.api.reviews import ReviewReplyBodySerializer, ReviewReportSerializer
from orders.models import Complaint, ComplaintStatus, Review, ReviewStatus
from orders.selectors import complaint_list_for, reviews_visible
from orders.services import complaints, reviews
from orders.services.complaints import CLOSED
from web.forms import ServiceForm
from web.seller.trade import paged
from web.signed_in import seller_page


class ReplyForm(ServiceForm):
    serializer_class = ReviewReplyBodySerializer
    text = forms.CharField(
        label=gettext_lazy("Your public reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class ReportForm(ServiceForm):
    serializer_class = ReviewReportSerializer
    reason = forms.CharField(
        label=gettext_lazy("Why should a moderator look at it?"),
        max_length=2000,
        required=False,
    )


class MessageForm(ServiceForm):
    serializer_class = ComplaintBodySerializer
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


# --- reviews ----------------------------------------------------------------------------------


def _reviews(request: HttpRequest) -> Any:
    return reviews_visible(request.user).filter(vendor=request.vendor)  # type: ignore[attr-defined]


def _review_page(
    request: HttpRequest, *, bound: tuple[int, str, ServiceForm] | None = None
) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ReviewStatus.values else ""
    qs = _reviews(request).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    context = paged(request, qs, status=status)
    rows = []
    for review in context["rows"]:
        reply: ServiceForm = ReplyForm(auto_id=f"id_reply{review.pk}_%s")
        report: ServiceForm = ReportForm(auto_id=f"id_report{review.pk}_%s")
        if bound is not None and bound[0] == review.pk:
            if bound[1] == "reply":
                reply = bound[2]
            else:
                report = bound[2]
        rows.append({"review": review, "reply_form": reply, "report_form": report})
    context |= {"rows": rows, "status": status, "statuses": ReviewStatus.choices}
    code = bound[2].status if bound is not None else 200
    return TemplateResponse(request, "web/seller/reviews_list.html", context, status=code)


@require_safe
@seller_page
def review_list(request: HttpRequest) -> HttpResponse:
    return _review_page(request)


def _review(request: HttpRequest, pk: int) -> Review:
    review = _reviews(request).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


@require_POST
@seller_page
def review_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    review = _review(request, pk)
    user = cast(User, request.user)
    form: ServiceForm
    if action == "reply":
        form = ReplyForm(request.POST, auto_id=f"id_reply{pk}_%s")
        ok = (
            form.is_valid()
            and form.run(
                reviews.review_reply, review=review, actor=user, text=form.validated["text"]
            )
            is not None
        )
        done = _("Your reply is published.")
    else:
        form = ReportForm(request.POST, auto_id=f"id_report{pk}_%s")
        ok = (
            form.is_valid()
            and form.run(
                reviews.review_report, review=review, actor=user, reason=form.validated["reason"]
            )
            is not None
        )
        done = _("The review is reported to the moderators.")
    if ok:
        messages.success(request, done)
        return redirect("web:seller-reviews", request.vendor.slug)  # type: ignore[attr-defined]
    return _review_page(request, bound=(pk, action, form))


# --- complaints -------------------------------------------------------------------------------


def _complaints(request: HttpRequest) -> Any:
    vendor = request.vendor  # type: ignore[attr-defined]
    return complaint_list_for(request.user).filter(order__vendor=vendor)


@require_safe
@seller_page
def complaint_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ComplaintStatus.values else ""
    qs = _complaints(request).order_by("-updated_at", "-id")
    if status:
        qs = qs.filter(status=status)
    context = paged(request, qs, status=status) | {
        "status": status,
        "statuses": ComplaintStatus.choices,
    }
    return TemplateResponse(request, "web/seller/complaints_list.html", context)


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    complaint = _complaints(request).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


def _complaint_page(
    request: HttpRequest, complaint: Complaint, form: MessageForm | None = None
) -> HttpResponse:
    context = {
        "complaint": complaint,
        "thread": list(complaint.messages.all()),
        "open": complaint.status not in CLOSED,
        "form": form or MessageForm(),
    }
    status = form.status if form is not None else 200
    return TemplateResponse(request, "web/seller/complaints_thread.html", context, status=status)


@require_safe
@seller_page
def complaint_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _complaint_page(request, _complaint(request, pk))


@require_POST
@seller_page
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponseBase:
    complaint = _complaint(request, pk)
    form = MessageForm(request.POST)
    user = cast(User, request.user)
    if (
        form.is_valid()
        and form.run(
            complaints.complaint_message,
            complaint=complaint,
            actor=user,
            body=form.validated["body"],
        )
        is not None
    ):
        messages.success(request, _("Your answer is sent."))
        return redirect("web:seller-complaint", request.vendor.slug, complaint.pk)  # type: ignore[attr-defined]
    return _complaint_page(request, _complaint(request, pk), form)
