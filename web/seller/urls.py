"""The seller center: home, opening a storefront, the dashboard, products, bulk import,
certificates, the storefront's identity and members (seller16a)."""

from django.urls import URLPattern, path

from web.seller import home

urlpatterns: list[URLPattern] = [
    path("ban-hang/", home.seller_home, name="seller"),
]
