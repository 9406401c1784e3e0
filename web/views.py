"""The site's pages. Each reads through the domain apps' selectors (the API's own read path)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from catalog.api.serializers import product_cards
from catalog.selectors import category_tree, product_cards_ocop_featured
from fairs.selectors.fairs import fair_list_public
from leads.models import LeadKind
from leads.selectors import lead_list_public
from marketplace.stats import stats_cached

HOME_PRODUCTS = 8
HOME_FAIRS = 4
HOME_LEADS = 5


def home(request: HttpRequest) -> HttpResponse:
    """Search box, featured OCOP products (5 stars first), categories, upcoming fairs, the
    latest buy leads and the exchange's figures (the stats the API publishes)."""
    featured = product_cards_ocop_featured()[:HOME_PRODUCTS]
    context: dict[str, Any] = {
        "featured": product_cards(featured),
        "categories": category_tree(),
        "fairs": list(fair_list_public().filter(ends_at__gte=timezone.now())[:HOME_FAIRS]),
        "leads": list(
            lead_list_public().filter(kind=LeadKind.BUY).order_by("-published_at")[:HOME_LEADS]
        ),
        "figures": stats_cached(for_moderators=False),
    }
    return TemplateResponse(request, "web/home.html", context)
