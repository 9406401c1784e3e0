"""Image URLs, nested under the resources that own the pictures."""

from django.urls import path

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
