"""Which language a request is answered in: by URL on the site, by Accept-Language on the API.

Django's LocaleMiddleware, once the site's pages are in i18n_patterns with Vietnamese
unprefixed, answers every unprefixed path in LANGUAGE_CODE — the API too, which must follow
Accept-Language (DESIGN.md). Paths outside the site (API_LANGUAGE_PATHS) keep the header's
choice; the site's pages are Vietnamese at /… and English at /en/… whatever the browser says,
so one URL is one page for search engines and caches.

The trace resolver's paths (`API_LANGUAGE_PAGE_PATHS`: `/t/…`, `/01/…`) are both: JSON for a
client that asks for it follows the header as the API does; the page a browser gets is the
site's, Vietnamese at `/t/…` and English at `/en/t/…` like every page (D222).
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

JSON_MEDIA = ("application/json", "application/ld+json")


def wants_json(request: HttpRequest) -> bool:
    """A client asking for JSON and not for HTML (a browser's Accept always names text/html)."""
    accept = request.headers.get("Accept", "")
    return any(media in accept for media in JSON_MEDIA) and "text/html" not in accept


def header_language(request: HttpRequest) -> bool:
    """Whether this request's language comes from Accept-Language rather than the URL."""
    path = request.path_info
    if path.startswith(tuple(settings.API_LANGUAGE_PAGE_PATHS)):
        return wants_json(request)
    return path.startswith(tuple(settings.API_LANGUAGE_PATHS))


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if header_language(request):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
