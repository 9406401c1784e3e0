"""URLs of trade leads, included by the project's root urls under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from leads.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("leads", views.LeadViewSet, basename="lead")

urlpatterns = [
    path("me/lead-alerts/", views.LeadAlertsView.as_view(), name="lead-alerts"),
    path("search/leads/", views.LeadSearchView.as_view(), name="search-leads"),
    *router.urls,
]
