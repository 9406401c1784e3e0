"""Which language a request is answered in: by URL on the site, by Accept-Language on the API.

Django's LocaleMiddleware, once the site's pages are in i18n_patterns with Vietnamese
unprefixed, answers every unprefixed path in LANGUAGE_CODE — the API too, which must follow
Accept-Language (DESIGN.md). Paths outside the site (API_LANGUAGE_PATHS) keep the header's
choice; the site's pages are Vietnamese at /… and English at /en/… whatever the browser says,
so one URL is one page for search engines and caches.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(tuple(settings.API_LANGUAGE_PATHS)):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
