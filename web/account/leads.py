"""A buyer's own trade leads (issue 16, orders16): the leads they posted in every state, posting a
buy lead (it waits for a moderator), editing one (a published lead goes back to review, D171),
the offers storefronts sent (each opened a question thread with the buyer) and closing it — all
through leads.services as the API's /api/v1/leads/ does. Another person's lead is a 404 here."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from leads.models import Lead, LeadStatus
from leads.selectors import lead_list_posted_by, lead_offer_list
from leads.services import leads
from marketplace.models import User
from web.account.activity_forms import CancelForm, LeadEditForm, LeadForm
from web.signed_in import signed_in_page

LEADS_PER_PAGE = 20
EDITABLE = (LeadStatus.PENDING, LeadStatus.PUBLISHED)


def _lead(request: HttpRequest, slug: str) -> Lead:
    return get_object_or_404(lead_list_posted_by(cast(User, request.user)), slug=slug)


@signed_in_page
@require_safe
def lead_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(lead_list_posted_by(cast(User, request.user)), LEADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "leads": list(page.object_list),
        "previous_url": f"?page={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"?page={page.next_page_number()}" if page.has_next() else "",
    }
    return TemplateResponse(request, "web/account/leads_list.html", context)


def _form_page(request: HttpRequest, form: LeadForm, lead: Lead | None = None) -> HttpResponse:
    return TemplateResponse(
        request,
        "web/account/leads_form.html",
        {"form": form, "lead": lead},
        status=form.status,
    )


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def lead_new(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if request.method != "POST":
        return _form_page(request, LeadForm(initial={"contact_name": user.full_name}))
    form = LeadForm(request.POST)
    lead = form.run(leads.lead_create, actor=user, **form.validated) if form.is_valid() else None
    if lead is None:
        return _form_page(request, form)
    messages.success(request, _("Your lead is sent: a moderator reviews it before it shows."))
    return HttpResponseRedirect(reverse("web:my-lead", args=[lead.slug]))


def _initial(lead: Lead) -> dict[str, Any]:
    return {
        "title": lead.title,
        "description": lead.description,
        "category": lead.category.slug,
        "quantity": lead.quantity,
        "unit": lead.unit.code,
        "target_price": lead.target_price,
        "negotiable": lead.negotiable,
        "province": lead.province_id,
        "needed_by": lead.needed_by,
        "expires_on": lead.expires_on,
        "contact_name": lead.contact_name,
        "contact_phone": lead.contact_phone,
        "contact_email": lead.contact_email,
    }


@signed_in_page
@require_http_methods(["GET", "HEAD", "POST"])
def lead_edit(request: HttpRequest, slug: str) -> HttpResponse:
    lead = _lead(request, slug)
    if request.method != "POST":
        return _form_page(request, LeadEditForm(initial=_initial(lead)), lead)
    form = LeadEditForm(request.POST)
    if (
        form.is_valid()
        and form.run(leads.lead_update, lead=lead, actor=request.user, **form.validated) is not None
    ):
        messages.success(request, _("Your lead is changed: a moderator reviews it again."))
        return HttpResponseRedirect(reverse("web:my-lead", args=[lead.slug]))
    return _form_page(request, form, lead)


def _detail(request: HttpRequest, lead: Lead, close: CancelForm | None = None) -> HttpResponse:
    context = {
        "lead": lead,
        "offers": list(lead_offer_list(lead)),
        "editable": lead.status in EDITABLE,
        "closable": lead.status == LeadStatus.PUBLISHED,
        "close_form": close or CancelForm(),
        "refusal": close.non_field_errors() if close is not None else None,
    }
    status = close.status if close is not None else 200
    return TemplateResponse(request, "web/account/leads_detail.html", context, status=status)


@signed_in_page
@require_safe
def lead_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, _lead(request, slug))


@signed_in_page
@require_POST
def lead_close(request: HttpRequest, slug: str) -> HttpResponseBase:
    lead = _lead(request, slug)
    form = CancelForm(request.POST)
    if (
        form.is_valid()
        and form.run(
            leads.lead_close, lead=lead, actor=request.user, reason=form.validated["reason"]
        )
        is not None
    ):
        messages.success(request, _("Your lead is closed."))
        return HttpResponseRedirect(reverse("web:my-lead", args=[lead.slug]))
    return _detail(request, _lead(request, slug), form)
