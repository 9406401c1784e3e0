"""A person's fair tickets (issue 16, orders16): their registrations, newest first (fair, status,
place on the waiting list), each live one linking to the full-screen ticket page
(`web:fair-ticket`), and cancelling one through fairs.services.visitors as
POST /api/v1/tickets/{id}/cancel/ does (the place goes at once to the first one waiting)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from fairs.models import LIVE_REGISTRATION_STATUSES
from fairs.selectors.visitors import ticket_get_for_user, ticket_list_for_user, waitlist_position
from fairs.services.visitors import registration_cancel
from marketplace.models import User
from web.account.activity_forms import CancelForm
from web.signed_in import signed_in_page

TICKETS_PER_PAGE = 20


def _page(request: HttpRequest, refused: CancelForm | None = None) -> HttpResponse:
    user = cast(User, request.user)
    page = Paginator(ticket_list_for_user(user), TICKETS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "registration": r,
            "live": r.status in LIVE_REGISTRATION_STATUSES,
            "position": waitlist_position(r),
        }
        for r in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "refusal": refused.non_field_errors() if refused is not None else None,
        "previous_url": f"?page={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"?page={page.next_page_number()}" if page.has_next() else "",
    }
    status = refused.status if refused is not None else 200
    return TemplateResponse(request, "web/account/tickets_list.html", context, status=status)


@signed_in_page
@require_safe
def ticket_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@signed_in_page
@require_POST
def ticket_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    registration = ticket_get_for_user(user=cast(User, request.user), ticket_id=pk)
    if registration is None:
        raise Http404
    form = CancelForm(request.POST)
    if (
        form.is_valid()
        and form.run(
            registration_cancel,
            registration=registration,
            actor=request.user,
            reason=form.validated["reason"],
        )
        is not None
    ):
        messages.success(
            request,
            _("Your registration for %(fair)s is cancelled.") % {"fair": registration.fair.name},
        )
        return HttpResponseRedirect(reverse("web:tickets"))
    return _page(request, form)
