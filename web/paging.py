"""Pages of a list on the site: `?page=N` and the links to the pages around it, plain `<a
rel="prev|next">` (and `<link>` in the head) that crawlers follow without JavaScript."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from search.api.serializers import MAX_PAGE


def page_number(request: HttpRequest) -> int:
    """?page=N, 1 by default; anything else is a page that does not exist (404)."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404
    return int(raw)


def page_links(path: str, page: int, has_next: bool) -> dict[str, Any]:
    return {
        "page": page,
        "previous_url": (path if page == 2 else f"{path}?page={page - 1}") if page > 1 else "",
        "next_url": f"{path}?page={page + 1}" if has_next else "",
    }
