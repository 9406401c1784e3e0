"""Pages of text the operator edits in the admin (operating rules, complaint procedure, privacy
notice, contact): orders.Page, read by the selector the API's GET /api/v1/pages/{slug}/ uses.
The body is plain text: paragraphs at blank lines, web addresses made links, everything else
escaped (D205)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from orders.selectors import page_get
from web.caching import public_page

# The pages the law asks an exchange to publish, linked in every page's footer (slug, title).
FOOTER_PAGES = (
    "quy-che-hoat-dong",
    "complaint-procedure",
    "chinh-sach-bao-mat",
    "lien-he",
)


@require_safe
@public_page
def static_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = page_get(slug)
    if page is None:
        raise Http404
    return TemplateResponse(request, "web/pages/page.html", {"page": page})
