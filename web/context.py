"""What every page's layout needs: the exchange's name, this page's canonical URL and its
language versions (hreflang), the language switch."""

import functools
import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from core.site import site_url


def language_urls(path: str, path_language: str | None = None) -> dict[str, Any]:
    """The page at `path` (a URL of `path_language`, the current language by default) in each
    language (hreflang), its canonical URL in the current one and the language switch's links."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    base = site_url()
    with translation.override(path_language or current):  # translate_url resolves in it
        alternates = _alternates(path, base)
    return {
        "canonical_url": next((a["url"] for a in alternates if a["lang"] == current), base + path),
        "alternates": alternates,
        "default_url": alternates[0]["url"],
        "other_languages": [a for a in alternates if a["lang"] != current],
    }


def _alternates(path: str, base: str) -> list[dict[str, str]]:
    """The page at `path` in each language. Every page asks (a resolve and a reverse a
    language), so the answers are kept per path, language and URL configuration (D239)."""
    key = (
        path,
        base,
        translation.get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        tuple(code for code, _name in settings.LANGUAGES),
    )
    return [dict(alternate) for alternate in _kept_alternates(key)]


@functools.lru_cache(maxsize=1024)
def _kept_alternates(key: tuple[Any, ...]) -> tuple[dict[str, str], ...]:
    path, base = key[0], key[1]
    return tuple(
        {
            "lang": code,
            # Django spells some local names decomposed ("Tiếng Việt" with combining marks).
            "name": unicodedata.normalize("NFC", get_language_info(code)["name_local"]),
            "url": base + translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    )


def page_urls(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.SITE_NAME, **language_urls(request.path)}
