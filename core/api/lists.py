"""Public lists rendered by a plain row function instead of a serializer per row (issue 11),
and answered by a search backend when they are asked `q` (issue 12, D91).

DRF's ListModelMixin renders a page with `serializer_class(page, many=True)`, which builds the
field set of the row serializer and of every nested one for each row; on a 20-row product page
with pictures that was most of the request's CPU. A view that mixes this in instead of
ListModelMixin names the function that renders its rows (`render_rows`); `serializer_class`
stays the schema (drf-spectacular reads it as before, so the OpenAPI document is unchanged),
and a test per row function holds it equal to the serializer's `.data`.

`text_search` names the search that answers the list's `q` (a `TextSearchFilter` in its
filterset). An app above registers it (`text_search_register`, from its `extensions.connect()`):
a function of the words, the filterset's cleaned values, the page number and size, returning
the ids of that page's hits in rank order and the hits' total. The page's rows are then read
from the list's own queryset, filters applied, so only what the list may show is shown, in the
list's row shape and response shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import EQ, SearchPage
from core.api.params import Q_PARAM


@dataclass(frozen=True)
class TextSearchHits:
    ids: list[int]
    total: int
    relation: str = EQ  # "gte": there are at least `total` hits


TextSearch = Callable[[str, Mapping[str, Any], int, int], TextSearchHits]
_TEXT_SEARCHES: dict[str, TextSearch] = {}


def text_search_register(name: str, search: TextSearch) -> None:
    _TEXT_SEARCHES[name] = search


class RowListMixin(mixins.ListModelMixin):
    text_search: str | None = None

    def render_rows(self, rows: list[Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        words = (request.query_params.get(Q_PARAM) or "").strip()
        search = _TEXT_SEARCHES.get(self.text_search or "") if words else None
        if search is not None and self.paginator is not None:  # type: ignore[attr-defined]
            return self._searched(search, words, queryset, request)
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        if page is not None:
            return self.get_paginated_response(self.render_rows(page))  # type: ignore[attr-defined]
        return Response(self.render_rows(list(queryset)))

    def _searched(
        self, search: TextSearch, words: str, queryset: Any, request: Request
    ) -> Response:
        cleaned: Mapping[str, Any] = getattr(self, "filter_data", {})

        def rows_for(number: int, size: int) -> SearchPage:
            hits = search(words, cleaned, number, size)
            found = {row.pk: row for row in queryset.filter(pk__in=hits.ids)}
            rows = [found[i] for i in hits.ids if i in found]
            return SearchPage(rows, hits.total, hits.relation)

        paginator: Any = self.paginator  # type: ignore[attr-defined]
        page = paginator.paginate_search(rows_for, request, view=self, queryset=queryset)
        response: Response = paginator.get_paginated_response(self.render_rows(page))
        return response
