"""The seller center's trade: orders, questions and quotes, reviews, complaints, lots and
stamps, fairs (seller16b)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
