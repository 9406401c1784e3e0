"""The URLs a QR stamp carries (outside /api/v1/): GS1 Digital Link and the short trace URL."""

from django.urls import URLPattern, path, re_path

from traceability import resolver

urlpatterns: list[URLPattern] = [
    re_path(
        r"^01/(?P<gtin>\d{8,14})/10/(?P<lot_code>[A-Za-z0-9._-]{1,20})"
        r"(?:/21/(?P<serial>\d{1,9}))?/?$",
        resolver.digital_link,
        name="gs1-digital-link",
    ),
    path("t/<str:code>", resolver.short_code, name="trace-short"),
    path("t/<str:code>/<int:serial>", resolver.short_code, name="trace-short-serial"),
]
