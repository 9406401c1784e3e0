"""The leads board (tin mua bán): public leads narrowed by kind, category and province through
links, newest or expiring first; and one lead, whose contact shows only to those the API shows
it to (signed-in storefront members, its poster, moderators)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.selectors import categories
from leads.api.serializers import LeadSerializer
from leads.models import LeadKind
from leads.selectors import LEAD_BOARD_ORDERINGS, lead_board, lead_list_public, may_see_contact
from marketplace.selectors import provinces
from web.caching import public_page

LEADS_PER_PAGE = 20


def _choice(request: HttpRequest) -> dict[str, Any]:
    """The board's filters from the query, unknown values dropped (links only make known
    ones; a hand-typed wrong one shows the whole board rather than an error)."""
    get = request.GET
    kind = get.get("kind", "")
    category = get.get("category", "")
    province_raw = get.get("province", "")
    ordering = get.get("ordering", "newest")
    slugs = {c.slug for c in categories.rows().values()}
    digits = province_raw.isascii() and province_raw.isdigit() and len(province_raw) <= 9
    province = int(province_raw) if digits else None
    return {
        "kind": kind if kind in LeadKind.values else "",
        "category": category if category in slugs else "",
        "province": province if province in provinces.rows() else None,
        "ordering": ordering if ordering in LEAD_BOARD_ORDERINGS else "newest",
    }


def _link(choice: dict[str, Any], **change: Any) -> str:
    merged = {**choice, **change}
    query = {
        k: v for k, v in merged.items() if v not in ("", None) and (k, v) != ("ordering", "newest")
    }
    return "?" + urlencode(query) if query else "?"


@require_safe
@public_page
def lead_board_page(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    qs = lead_board(**choice)
    page = Paginator(qs, LEADS_PER_PAGE).get_page(request.GET.get("page"))
    top_categories = sorted(
        (c for c in categories.rows().values() if c.parent_id is None),
        key=lambda c: (c.position, c.name),
    )
    filters = {
        "kinds": [
            {"label": _("All"), "url": _link(choice, kind=""), "on": not choice["kind"]},
            *(
                {"label": label, "url": _link(choice, kind=value), "on": choice["kind"] == value}
                for value, label in LeadKind.choices
            ),
        ],
        "categories": [
            {"label": _("All"), "url": _link(choice, category=""), "on": not choice["category"]},
            *(
                {
                    "label": c.name,
                    "url": _link(choice, category=c.slug),
                    "on": choice["category"] == c.slug,
                }
                for c in top_categories
            ),
        ],
        "provinces": [
            {
                "label": _("All"),
                "url": _link(choice, province=None),
                "on": choice["province"] is None,
            },
            *(
                {
                    "label": p.name,
                    "url": _link(choice, province=p.code),
                    "on": choice["province"] == p.code,
                }
                for p in sorted(provinces.rows().values(), key=lambda p: p.name)
            ),
        ],
        "orderings": [
            {
                "label": _("Newest"),
                "url": _link(choice, ordering="newest"),
                "on": choice["ordering"] == "newest",
            },
            {
                "label": _("Expiring soonest"),
                "url": _link(choice, ordering="expiring"),
                "on": choice["ordering"] == "expiring",
            },
        ],
    }
    context = {
        "page": page,
        "leads": list(page.object_list),
        "filters": filters,
        "previous_url": _link(choice, page=page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": _link(choice, page=page.next_page_number()) if page.has_next() else "",
    }
    return TemplateResponse(request, "web/leads/board.html", context)


@require_safe
@public_page
def lead_detail_page(request: HttpRequest, slug: str) -> HttpResponse:
    lead = lead_list_public().filter(slug=slug).first()
    if lead is None:
        raise Http404
    # The API's serializer decides what of the contact shows (LeadSerializer.get_contact).
    shown = LeadSerializer(
        lead, context={"contact_for_all": may_see_contact(request.user, lead)}
    ).data["contact"]
    context = {"lead": lead, "contact": shown, "signed_in": request.user.is_authenticated}
    return TemplateResponse(request, "web/leads/detail.html", context)
