"""Fair pages: the fairs to come and under way, one fair (programme, exhibitors and their
products, booths, schema.org Event), visitor registration and the ticket with its QR code.

Reads go through the fairs app's selectors (the API's), registration through the service the
API's POST /api/v1/fairs/{slug}/registrations/ calls, its input checked by the same serializer;
a refusal is the service's own message, in the page's language (D201)."""

from __future__ import annotations

import base64
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from catalog.api.serializers import product_cards
from core.errors import DomainError
from core.site import site_url
from fairs import tickets
from fairs.api.serializers_visitors import RegistrationCreateSerializer
from fairs.models import Fair, RegistrationStatus
from fairs.selectors.exhibitors import exhibitor_list_public, showcase_products
from fairs.selectors.fairs import fair_get_detail, fair_list_public
from fairs.selectors.visitors import ticket_live_for_fair, waitlist_position
from fairs.services import visitors as visitor_services
from fairs.services.visitor_places import takes_visitors
from fairs.services.visitors import checkin_window
from web.caching import public_page
from web.paging import page_links, page_number
from web.seo import jsonld

FAIRS_PAGE = 20
SHOWCASE_SHOWN = 48
FORM_FIELDS = ("attendee_name", "organization", "phone")


def _fair_or_404(slug: str) -> Fair:
    """The fair as everybody sees it: published, or cancelled (its page says so); drafts are
    404 even for their organizers, who manage them through the API."""
    fair = fair_get_detail(user=AnonymousUser(), slug=slug)
    if fair is None:
        raise Http404
    return fair


def _exhibitors(fair: Fair) -> list[dict[str, Any]]:
    """Each exhibitor holding booths with its booths and the products it shows."""
    cards_by_vendor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shown = showcase_products(fair).order_by("vendor__display_name", "name", "id")
    for card in product_cards(shown[:SHOWCASE_SHOWN]):
        cards_by_vendor[card["vendor"]["slug"]].append(card)
    return [
        {
            "name": application.vendor.display_name,
            "slug": application.vendor.slug,
            "province": application.vendor.province.name,
            "booth_number": application.booth_number,
            "booth_type": application.booth_type.name,
            "quantity": application.quantity,
            "products": cards_by_vendor.get(application.vendor.slug, []),
        }
        for application in exhibitor_list_public(fair)
    ]


def _fair_context(request: HttpRequest, fair: Fair) -> dict[str, Any]:
    url = site_url() + request.path
    opens, _ends = checkin_window(fair)
    now = timezone.now()
    user = request.user
    return {
        "fair": fair,
        "checkin_opens_at": opens,
        "takes_visitors": takes_visitors(fair, now),
        "registration_not_open_yet": now < fair.registration_opens_at,
        "booth_types": list(fair.booth_types.all()),
        "exhibitors": _exhibitors(fair),
        "organizers": [link.user.get_full_name() for link in fair.organizer_links.all()],
        "ld": jsonld.scripts([jsonld.event(fair, url)]),
        "registration": ticket_live_for_fair(user=user, fair=fair)
        if user.is_authenticated
        else None,
        "sign_in_url": reverse("web:sign-in")
        + "?"
        + urlencode({"next": request.path + "#dang-ky"}),
        "values": {},
        "field_errors": {},
    }


@require_safe
@public_page
def fair_list(request: HttpRequest) -> HttpResponse:
    """Fairs to come and under way, soonest first, FAIRS_PAGE a page (`?page=N`, D221)."""
    page = page_number(request)
    start = (page - 1) * FAIRS_PAGE
    now = timezone.now()
    fairs = list(fair_list_public().filter(ends_at__gte=now)[start : start + FAIRS_PAGE + 1])
    if page > 1 and not fairs:
        raise Http404
    context = {
        "fairs": fairs[:FAIRS_PAGE],
        "now": now,
        **page_links(request.path, page, len(fairs) > FAIRS_PAGE),
    }
    return TemplateResponse(request, "web/fairs/list.html", context)


@require_safe
@public_page
def fair_detail(request: HttpRequest, slug: str) -> HttpResponse:
    fair = _fair_or_404(slug)
    return TemplateResponse(request, "web/fairs/detail.html", _fair_context(request, fair))


def _refusal(exc: DomainError) -> dict[str, Any]:
    """What the page shows for a refusal of the service: its message (already in the page's
    language), its field messages, and whether to offer the waiting list."""
    full = exc.code == "fair_full"
    return {
        "code": exc.code,
        # The service's message for a full fair speaks of the API's `waitlist` field; the page
        # offers a button instead and keeps the service's count of people waiting.
        "message": _("This fair is full: every visitor place is taken.") if full else exc.detail,
        "details": [str(m) for messages in exc.errors.values() for m in messages],
        "offer_waitlist": full,
    }


@never_cache
@require_POST
def fair_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register the signed-in visitor (the API's service), then show the ticket. Anonymous
    visitors are sent to sign in first, before anything of the form is read."""
    fair = _fair_or_404(slug)
    if not request.user.is_authenticated:
        target = reverse("web:fair", kwargs={"slug": fair.slug}) + "#dang-ky"
        return HttpResponseRedirect(reverse("web:sign-in") + "?" + urlencode({"next": target}))
    data = RegistrationCreateSerializer(data=request.POST)
    context = _fair_context(request, fair)
    context["values"] = {name: request.POST.get(name, "") for name in FORM_FIELDS}
    if not data.is_valid():
        context["field_errors"] = {k: [str(m) for m in v] for k, v in data.errors.items()}
        return TemplateResponse(request, "web/fairs/detail.html", context, status=400)
    try:
        visitor_services.registration_create(fair=fair, actor=request.user, **data.validated_data)
    except DomainError as exc:
        context["refusal"] = _refusal(exc)
        return TemplateResponse(request, "web/fairs/detail.html", context, status=exc.status)
    return HttpResponseRedirect(reverse("web:fair-ticket", kwargs={"slug": fair.slug}))


def _qr_data_uri(code: str) -> str:
    svg = tickets.qr_svg(code, scale=8)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@never_cache
@require_safe
def fair_ticket(request: HttpRequest, slug: str) -> HttpResponse:
    """The visitor's ticket for this fair with its QR code, large enough to hold up at the
    gate; or their place on the waiting list. Private: never cached by anyone."""
    fair = _fair_or_404(slug)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(
            reverse("web:sign-in") + "?" + urlencode({"next": request.path})
        )
    registration = ticket_live_for_fair(user=request.user, fair=fair)
    if registration is None:
        return HttpResponseRedirect(reverse("web:fair", kwargs={"slug": fair.slug}) + "#dang-ky")
    active = registration.status == RegistrationStatus.ACTIVE
    opens, _ends = checkin_window(fair)
    context = {
        "fair": fair,
        "registration": registration,
        "active": active,
        "qr": _qr_data_uri(registration.code) if active else "",
        "position": waitlist_position(registration),
        "checkin_opens_at": opens,
    }
    return TemplateResponse(request, "web/fairs/ticket.html", context)
