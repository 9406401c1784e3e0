"""The page a person opens for a thing, for links in mail (D252).

A mail is read by a person, so it links to the public site's page of what it is about — a
storefront, a buy lead, a visitor's ticket — not to the API's JSON. The apps that send those
mails stand below the site (tests/test_architecture.py) and may not name its URL patterns, so
the site registers a builder for each kind of page from its `extensions.connect()`, the way it
registers the trace page (traceability.resolver.page_renderer_register), and the mail asks
`page_url(kind, ...)`. The builder reverses in the active language — the language the mail's
words are translated in — so an English mail links to `/en/...` (as the sign-up mails do, D243).
Without a builder for the kind (a deployment without the public site), the API URL the caller
gives as `fallback`.
"""

from __future__ import annotations

from collections.abc import Callable

from core.site import site_url

# kind -> builder: the keys of the thing (slugs, ids) -> the page's path, reversed in the active
# language. Kinds in use: "storefront" (slug), "lead" (slug), "fair-ticket" (slug of the fair).
PageBuilder = Callable[..., str]
_PAGES: dict[str, PageBuilder] = {}


def page_url_register(kind: str, build: PageBuilder) -> None:
    """Register the public page of `kind`; a later registration of the same kind replaces it."""
    _PAGES[kind] = build


def page_url(kind: str, *, fallback: str, **keys: object) -> str:
    """The absolute URL of the public page of `kind` for `keys`, on `site_url()`; `fallback` (a
    path, the API's URL of the thing) when no page of that kind is registered."""
    build = _PAGES.get(kind)
    return site_url() + (build(**keys) if build is not None else fallback)
