"""A buyer's orders, questions and quotes, trade leads and fair tickets (orders16)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
