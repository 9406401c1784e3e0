"""A buyer's pages: signing up, password reset, details and data, cart, checkout, payment
(buyer16)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
