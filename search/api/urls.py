from django.urls import path

from search.api import views

urlpatterns = [
    path("products/", views.ProductSearchView.as_view(), name="search-products"),
    path("vendors/", views.VendorSearchView.as_view(), name="search-vendors"),
    path("suggest/", views.SuggestView.as_view(), name="search-suggest"),
]
