"""The site's pages, mounted by marketplace/urls.py inside i18n_patterns: Vietnamese at /…,
English at /en/…, the same paths."""

from django.urls import URLPattern, path

from web import views
from web.shop import listing, product, search

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    # Shop pages (web1): product, search, storefront, category.
    path("san-pham/<slug:slug>/", product.product_page, name="product"),
    path("san-pham/<slug:slug>/gio-hang/", product.product_cart_add, name="product-cart"),
    path("san-pham/<slug:slug>/lien-he/", product.product_inquiry, name="product-inquiry"),
    path("tim-kiem/", search.search_page, name="search"),
    path("gian-hang/<slug:slug>/", listing.storefront_page, name="storefront"),
    path("danh-muc/<slug:slug>/", listing.category_page, name="category"),
]
