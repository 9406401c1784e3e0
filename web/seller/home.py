"""`/ban-hang/`: the storefronts the signed-in person works for, each with where it stands in
moderation, and the way to open one."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from marketplace.models import User
from marketplace.selectors import vendor_list_for_member
from web.signed_in import signed_in_page


@require_GET
@signed_in_page
def seller_home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    vendors = vendor_list_for_member(user).order_by("display_name", "id")
    roles = dict(user.vendor_memberships.values_list("vendor_id", "role"))
    rows = [{"vendor": v, "role": roles.get(v.pk)} for v in vendors]
    return TemplateResponse(request, "web/seller/home.html", {"rows": rows})
