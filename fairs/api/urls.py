"""URLs of the fairs API, included under /api/v1/ by marketplace/urls.py.

`fairs/applications/` is registered before `fairs/` so it is never read as a fair slug (the
slug is reserved in fairs.services.fairs.RESERVED_SLUGS).
"""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from fairs.api import views_exhibitors, views_fairs

router = SimpleRouter(trailing_slash=True)
router.register(
    "fairs/applications", views_exhibitors.ApplicationViewSet, basename="fair-application"
)
# --- H4: visitor, ticket, check-in, meeting and report routes are registered here -------------

# --- end of H4's routes ------------------------------------------------------------------------
router.register("fairs", views_fairs.FairViewSet, basename="fair")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(router.urls)),
]
