"""The URLs a QR stamp carries, outside the API: the GS1 Digital Link `/01/{GTIN}/10/{lot}` and
the exchange's short `/t/{code}`. A GS1-conformant resolver answers one URL for people and
machines: JSON (the trace record of GET /api/v1/trace/{code}/) when the request's Accept asks
for JSON and not HTML, a small HTML page otherwise (the public site renders the full page;
D155, D203). Drafts and unknown lots are 404: the one error shape for a client that asks for
JSON, the site's 404 page (handler404) for people (D222). Each answer counts a scan of the
lot, and of its serial when the stamp has one (cache counters, D169, D173); the record comes
from the cache while no write happened (D170)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.api.errors import json_404
from core.i18n import wants_json
from traceability.scans import TraceAnswer, scan_count, trace_record_cached
from traceability.selectors import lot_by_digital_link, lot_by_public_code

# The page for people: the public site registers its trace page here from its extensions
# (D203); traceability never imports it. Without one, the small page of `_page`.
PageRenderer = Callable[[HttpRequest, dict[str, Any]], HttpResponse]
_page_renderers: list[PageRenderer] = []


def page_renderer_register(renderer: PageRenderer) -> None:
    if renderer not in _page_renderers:
        _page_renderers.append(renderer)


def _html(request: HttpRequest, record: dict[str, Any]) -> HttpResponse:
    if _page_renderers:
        return _page_renderers[-1](request, record)
    return HttpResponse(_page(record), content_type="text/html; charset=utf-8")


def _page(record: dict[str, Any]) -> str:
    recall = record["recall"]
    banner = (
        format_html(
            '<p class="recall" style="color:#b00020;font-weight:bold">{}: {}</p>',
            _("This lot has been recalled"),
            recall["reason"],
        )
        if recall
        else ""
    )
    expired = (
        format_html('<p class="expired">{}</p>', _("Past its best-before date"))
        if record["expired"]
        else ""
    )
    events = format_html_join(
        "",
        "<li><time>{}</time> — {}: {} ({}, {})</li>",
        (
            (e["occurred_at"], e["kind_display"], e["description"], e["actor_name"], e["place"])
            for e in record["events"]
        ),
    )
    producer = record["producer"]
    return format_html(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title></head><body>{}<h1>{}</h1>"
        "<p>{}: {}</p><p>{}: {} — {}</p><p>{}: {}</p><p>{}: {}</p>{}<ol>{}</ol></body></html>",
        record["product"]["name"],
        banner,
        record["product"]["name"],
        _("Lot"),
        record["code"],
        _("Producer"),
        producer["legal_name"],
        producer["street_address"],
        _("Production date"),
        record["produced_on"],
        _("Best before"),
        record["best_before"] or "—",
        expired,
        events,
    )


def _answer(
    request: HttpRequest, found: TraceAnswer | None, serial: int | str | None = None
) -> HttpResponse:
    if found is None:
        if wants_json(request):
            return json_404(request)
        raise Http404
    scan_count(found.lot_id, int(serial) if serial is not None else None)
    record = found.record
    if wants_json(request):
        response = HttpResponse(found.body, content_type="application/json")
    else:
        response = _html(request, record)
    response["Vary"] = "Accept, Accept-Language"
    response["Link"] = f'<{record["short_url"]}>; rel="canonical"'
    return response


@require_safe
def digital_link(
    request: HttpRequest, gtin: str, lot_code: str, serial: str | None = None
) -> HttpResponse:
    """`/01/{GTIN}/10/{lot}` and, on a stamp with a serial, `…/21/{serial}`: the same lot."""
    found = trace_record_cached(
        f"01:{gtin}:10:{lot_code}", lambda: lot_by_digital_link(gtin, lot_code)
    )
    return _answer(request, found, serial)


@require_safe
def short_code(request: HttpRequest, code: str, serial: int | None = None) -> HttpResponse:
    """`/t/{code}` and, on a stamp with a serial, `/t/{code}/{serial}`: the same lot."""
    found = trace_record_cached(f"t:{code.upper()}", lambda: lot_by_public_code(code))
    return _answer(request, found, serial)
