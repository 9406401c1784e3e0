"""The trace page of a lot: what a phone opens from the QR stamp (`/t/{code}`, the GS1 Digital
Link `/01/{GTIN}/10/{lot}`). The resolver (traceability/resolver.py) finds the lot, keeps JSON
for clients that ask for it, and hands people's requests to this renderer, registered in
web.extensions (D203): the site's layout around the same trace record the API serves. Like every
page it has a Vietnamese URL (`/t/{code}`) and an English one (`/en/t/{code}`), with hreflang and
the language switch; the Digital Link's page names the short URL as canonical (D222)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date, parse_datetime

from web.context import language_urls


def _when(value: str | None) -> Any:
    """A record's ISO date or time as a date/datetime for the template's filters."""
    if not value:
        return None
    return parse_datetime(value) if "T" in value else parse_date(value)


def _product_url(slug: str) -> str:
    """The product's page on the site (web1's `web:product`), or nothing while there is none."""
    try:
        return reverse("web:product", kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def trace_page(request: HttpRequest, record: dict[str, Any]) -> HttpResponse:
    events = [{**event, "at": _when(event["occurred_at"])} for event in record["events"]]
    certificates = [
        {**c, "issued": _when(c["issue_date"]), "expires": _when(c["expires_on"])}
        for c in record["certificates"]
    ]
    context = {
        "record": record,
        "events": events,
        "certificates": certificates,
        "produced_on": _when(record["produced_on"]),
        "best_before": _when(record["best_before"]),
        "recalled_at": _when(record["recall"]["recalled_at"]) if record["recall"] else None,
        "product_url": _product_url(record["product"]["slug"]),
        # the short URL in each language, whichever of the stamp's URLs was opened
        **language_urls(urlsplit(record["short_url"]).path, settings.LANGUAGE_CODE),
    }
    context["canonical"] = context["canonical_url"]
    response = TemplateResponse(request, "web/trace/lot.html", context)
    response.render()
    return response
