"""What the public site plugs into the apps below it (D83): the trace page people get from a
lot's QR code (traceability's resolver keeps JSON for clients), and the pages mails link to
(core.links, D252)."""

from collections.abc import Callable

from django.urls import reverse

from core.links import page_url_register
from traceability.resolver import page_renderer_register
from web.trace_page import trace_page

# The kind of page a mail asks for (core.links) -> the site's URL pattern that shows it.
MAIL_PAGES = {
    "storefront": "web:storefront",
    "lead": "web:lead",
    "fair-ticket": "web:fair-ticket",
}


def _reverser(name: str) -> Callable[..., str]:
    def build(**keys: object) -> str:
        return reverse(name, kwargs=keys)

    return build


def connect() -> None:
    page_renderer_register(trace_page)
    for kind, name in MAIL_PAGES.items():
        page_url_register(kind, _reverser(name))
