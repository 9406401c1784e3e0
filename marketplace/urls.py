"""Root URLs: the versioned API, its schema and docs, probes, the admin and the public site."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt.views import TokenRefreshView

from core import health
from core.observability import endpoint as observability
from marketplace.api import personal_data, views, views_moderation
from media.api.urls import rendition_patterns

router = DefaultRouter(trailing_slash=True)
router.register("regions/provinces", views.ProvinceViewSet, basename="province")
router.register("vendors", views.VendorViewSet, basename="vendor")
router.register("moderation/audit-log", views_moderation.AuditLogViewSet, basename="audit-log")

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", views.TokenObtainView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/logout/", views.LogoutView.as_view(), name="logout"),
    path("auth/register/", views.RegisterView.as_view(), name="register"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/export/", personal_data.MyDataExportView.as_view(), name="me-export"),
    path("me/erase/", personal_data.MyDataEraseView.as_view(), name="me-erase"),
    path("invitations/accept/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
    path(
        "moderation/queue/",
        views_moderation.ModerationQueueView.as_view(),
        name="moderation-queue",
    ),
    path(
        "moderation/queue/<slug:kind>/",
        views_moderation.ModerationWorkListView.as_view(),
        name="moderation-work-list",
    ),
    path("stats/", views_moderation.StatsView.as_view(), name="stats"),
    path("", include("partners.api.urls")),
    path("search/", include("search.api.urls")),
    path("", include("fairs.api.urls")),
    path("", include("traceability.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("leads.api.urls")),
    path("", include("media.api.urls")),
    path("", include("catalog.api.urls")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    *rendition_patterns(),
    # /t/…, /01/… in whatever language Accept-Language chose (JSON, core/i18n.py); the
    # English pages /en/t/… below (a reverse in English finds the prefixed ones first)
    path("", include("traceability.urls")),
    path("", include("web.seo.urls")),  # robots.txt and the sitemap index, unprefixed
    # The public site (web/): Vietnamese at /…, English at /en/… (core/i18n.py). The trace
    # resolver too: /t/… and /en/t/… for people (D222); reversed with the language's prefix.
    *i18n_patterns(
        path("", include("traceability.urls")),
        path("", include("web.urls")),
        prefix_default_language=False,
    ),
]

handler400 = "core.api.errors.json_400"
handler404 = "web.errors.not_found"
handler500 = "web.errors.server_error"
