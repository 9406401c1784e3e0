"""URLs of the lot API, included under /api/v1/ by marketplace/urls.py."""

from django.urls import URLPattern, URLResolver, path

from traceability.api import views

LOT = "products/<slug:slug>/lots/<str:code>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("products/<slug:slug>/lots/", views.LotListView.as_view(), name="product-lots"),
    path(
        "products/<slug:slug>/lots/export/",
        views.LotExportView.as_view(),
        name="product-lots-export",
    ),
    path(LOT, views.LotDetailView.as_view(), name="product-lot"),
    path(f"{LOT}publish/", views.LotPublishView.as_view(), name="product-lot-publish"),
    path(f"{LOT}recall/", views.LotRecallView.as_view(), name="product-lot-recall"),
    path(f"{LOT}order-lines/", views.LotOrderLineView.as_view(), name="product-lot-order-lines"),
    path(f"{LOT}qr/", views.LotQrView.as_view(), name="product-lot-qr"),
    path(f"{LOT}stamps/", views.LotStampsView.as_view(), name="product-lot-stamps"),
    path(f"{LOT}scans/", views.LotScansView.as_view(), name="product-lot-scans"),
    path(f"{LOT}events/", views.LotEventListView.as_view(), name="product-lot-events"),
    path(
        f"{LOT}events/<int:event_id>/",
        views.LotEventDetailView.as_view(),
        name="product-lot-event",
    ),
    path("trace/<str:code>/", views.TraceView.as_view(), name="trace"),
]
