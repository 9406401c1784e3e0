"""Error pages: HTML for people on the site, the one JSON error shape for the API and clients.

A request under /api/ always gets JSON (DESIGN.md's problem shape); elsewhere a client that asks
for HTML (a browser) gets a page in the site's layout, any other client the JSON. The trace
resolver's paths are pages too: HTML unless the client asks for JSON only (D222)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.api import errors
from core.i18n import wants_json


def _wants_html(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith(tuple(settings.API_LANGUAGE_PAGE_PATHS)):
        return not wants_json(request)
    if path.startswith(tuple(settings.API_LANGUAGE_PATHS)):
        return False
    return "text/html" in request.headers.get("Accept", "")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_html(request):
        return render(request, "web/404.html", status=404)
    return errors.json_404(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_html(request):
        return render(request, "web/500.html", status=500)
    return errors.json_500(request)
