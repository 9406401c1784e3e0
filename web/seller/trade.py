"""What the seller center's trade pages share (seller16b): a paginated list whose page links
keep the list's filters, and the refusal of an action shown on the page it came from."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 20


def paged(
    request: HttpRequest, qs: QuerySet[Any], *, per_page: int = PER_PAGE, **keep: Any
) -> dict[str, Any]:
    """One page of `qs` (the `page` query parameter) with links to its neighbours; `keep` are
    the list's filters, carried into the links when set."""
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    kept = {k: v for k, v in keep.items() if v not in ("", None)}

    def link(number: int) -> str:
        query = kept | ({"page": number} if number > 1 else {})
        return "?" + urlencode(query) if query else request.path

    return {
        "page": page.number,
        "page_obj": page,
        "rows": list(page.object_list),
        "previous_url": link(page.previous_page_number()) if page.has_previous() else "",
        "next_url": link(page.next_page_number()) if page.has_next() else "",
    }
