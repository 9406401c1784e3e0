"""What every page's layout needs: the exchange's name, this page's canonical URL and its
language versions (hreflang), the language switch."""

import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from core.site import site_url


def page_urls(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    current = translation.get_language() or settings.LANGUAGE_CODE
    base = site_url()
    alternates = [
        {
            "lang": code,
            # Django spells some local names decomposed ("Tiếng Việt" with combining marks).
            "name": unicodedata.normalize("NFC", get_language_info(code)["name_local"]),
            "url": base + translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": base + path,
        "alternates": alternates,
        "default_url": alternates[0]["url"],
        "other_languages": [a for a in alternates if a["lang"] != current],
    }
