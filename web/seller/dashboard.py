"""`/ban-hang/<vendor>/`: what a storefront has to do today — new orders to confirm, questions
waiting for an answer, buy leads matching its products (the daily digest's matches), products
to finish or correct, certificates expiring within 60 days, results of its fair applications.
Counts and a few rows each, with links to the pages that act on them; a fixed number of
queries whatever the storefront's size."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import ProductStatus
from catalog.selectors import certificates_expiring, product_list_of_vendor
from fairs.models import ApplicationStatus
from fairs.selectors.exhibitors import application_list_for_user
from leads.selectors import lead_list_matching_vendor
from marketplace.models import Vendor
from orders.models import InquiryStatus, OrderStatus
from orders.selectors import inquiry_list_for, order_list_of_vendor
from web.signed_in import seller_page

EXPIRING_DAYS = 60
SHOWN = 5
# Fair applications whose answer came back (the storefront acts on it: pay, confirm, or not).
RESULTS = (ApplicationStatus.APPROVED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED)
RESULTS_FOR_DAYS = 30


@require_GET
@seller_page
def dashboard(request: HttpRequest) -> HttpResponse:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    new_orders = order_list_of_vendor(vendor).filter(status=OrderStatus.PLACED).count()
    open_inquiries = (
        inquiry_list_for(request.user).filter(vendor=vendor, status=InquiryStatus.OPEN).count()
    )
    leads = lead_list_matching_vendor(vendor)
    expiring = certificates_expiring(vendor, within_days=EXPIRING_DAYS).select_related("product")
    since = timezone.now() - dt.timedelta(days=RESULTS_FOR_DAYS)
    results = (
        application_list_for_user(request.user)
        .prefetch_related(None)
        .filter(vendor=vendor, status__in=RESULTS, decided_at__gte=since)
        .order_by("-decided_at", "-id")
    )
    products = dict(
        product_list_of_vendor(vendor=vendor, user=request.user)
        .prefetch_related(None)
        .filter(status__in=(ProductStatus.DRAFT, ProductStatus.REJECTED))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    context = {
        "new_orders": new_orders,
        "open_inquiries": open_inquiries,
        "leads": leads[:SHOWN],
        "lead_count": leads.count(),
        "expiring": expiring[:SHOWN],
        "expiring_count": expiring.count(),
        "expiring_days": EXPIRING_DAYS,
        "results": results[:SHOWN],
        "drafts": products.get(ProductStatus.DRAFT, 0),
        "rejected": products.get(ProductStatus.REJECTED, 0),
        "vendor": vendor,
    }
    return TemplateResponse(request, "web/seller/dashboard.html", context)
