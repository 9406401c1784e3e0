"""URLs of the fairs API, included under /api/v1/ by marketplace/urls.py.

`fairs/applications/` is registered before `fairs/` so it is never read as a fair slug (the
slug is reserved in marketplace.services.vendors.RESERVED_SLUGS, D242).
"""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from fairs.api import (
    views_exhibitors,
    views_fairs,
    views_meetings,
    views_reports,
    views_visitors,
)

router = SimpleRouter(trailing_slash=True)
router.register(
    "fairs/applications", views_exhibitors.ApplicationViewSet, basename="fair-application"
)
# --- H4: visitor, ticket, check-in, meeting and report routes are registered here -------------
_FAIR = r"fairs/(?P<fair_slug>[^/.]+)"
router.register("tickets", views_visitors.TicketViewSet, basename="ticket")
router.register(
    f"{_FAIR}/registrations", views_visitors.FairRegistrationViewSet, basename="fair-registration"
)
router.register(f"{_FAIR}/checkins", views_visitors.CheckInViewSet, basename="fair-checkin")
router.register(
    f"{_FAIR}/meeting-slots", views_meetings.MeetingSlotViewSet, basename="fair-meeting-slot"
)
router.register(
    f"{_FAIR}/meeting-tables", views_meetings.MeetingTableViewSet, basename="fair-meeting-table"
)
router.register(f"{_FAIR}/meetings", views_meetings.MeetingViewSet, basename="fair-meeting")
router.register(f"{_FAIR}/report", views_reports.FairReportViewSet, basename="fair-report")
h4_urls: list[URLPattern | URLResolver] = [
    path(
        "tickets/<int:pk>/qr.svg",
        views_visitors.TicketQrView.as_view(kind="svg"),
        name="ticket-qr-svg",
    ),
    path(
        "tickets/<int:pk>/qr.png",
        views_visitors.TicketQrView.as_view(kind="png"),
        name="ticket-qr-png",
    ),
]
# --- end of H4's routes ------------------------------------------------------------------------
router.register("fairs", views_fairs.FairViewSet, basename="fair")

urlpatterns: list[URLPattern | URLResolver] = [
    *h4_urls,
    path("", include(router.urls)),
]
