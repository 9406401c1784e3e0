"""The site's pages, mounted by marketplace/urls.py inside i18n_patterns: Vietnamese at /…,
English at /en/…, the same paths."""

from django.urls import URLPattern, path

from web import views

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
]
