"""URLs of the catalogue API, included under /api/v1/ by marketplace/urls.py: products and their
review, certificates, awards, units, the category tree, a storefront's products and its bulk
listings (import, export)."""

from django.urls import URLPattern, URLResolver, path, re_path
from rest_framework.routers import SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

from catalog.api import imports, views

router = SimpleRouter(trailing_slash=True)
router.register("products", views.ProductViewSet, basename="product")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("awards", views.AwardViewSet, basename="award")
router.register("units", views.UnitViewSet, basename="unit")

urlpatterns: list[URLPattern | URLResolver] = [
    path("categories/", views.CategoryTreeView.as_view(), name="category-tree"),
    path(
        "certificates/scans/<str:token>/",
        views.CertificateScanView.as_view(),
        name="certificate-scan-file",
    ),
    path(
        "vendors/<slug:slug>/imports/",
        imports.ListingsImportView.as_view(),
        name="vendor-imports",
    ),
    path(
        "vendors/<slug:slug>/imports/<int:job_id>/",
        imports.ListingsImportDetailView.as_view(),
        name="vendor-import",
    ),
    path(
        "vendors/<slug:slug>/listings/export/",
        imports.ListingsExportView.as_view(),
        name="vendor-listings-export",
    ),
    # Routed as the root router did before (its `[^/.]+` lookup and `.json` style suffixes).
    *format_suffix_patterns(
        [
            re_path(
                r"^vendors/(?P<slug>[^/.]+)/products/$",
                views.VendorProductListView.as_view(),
                name="vendor-products",
            ),
            *router.urls,
        ]
    ),
]
