"""Image URLs, nested under the resources that own the pictures."""

from django.conf import settings
from django.urls import URLPattern, path

from media.api import views

urlpatterns = [
    path("products/<slug:slug>/images/", views.ProductImagesView.as_view(), name="product-images"),
    path(
        "products/<slug:slug>/images/<int:image_id>/",
        views.ProductImageDetailView.as_view(),
        name="product-image",
    ),
    path("vendors/<slug:slug>/logo/", views.VendorLogoView.as_view(), name="vendor-logo"),
    path("vendors/<slug:slug>/banner/", views.VendorBannerView.as_view(), name="vendor-banner"),
]


def rendition_patterns() -> list[URLPattern]:
    """Renditions on disk served at MEDIA_URL/r/ when MEDIA_SERVE is on (development, by
    default). Object stores and CDNs serve their own; in production a web server in front serves
    MEDIA_ROOT/r/ (compose's `media` service, operations.md), not a gunicorn worker."""
    if (
        not settings.MEDIA_SERVE
        or settings.MEDIA_STORAGE != "filesystem"
        or not settings.MEDIA_URL.startswith("/")
    ):
        return []
    prefix = settings.MEDIA_URL.strip("/")
    return [path(f"{prefix}/r/<path:path>", views.rendition_file, name="media-rendition")]
