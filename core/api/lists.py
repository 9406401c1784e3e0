"""Public lists rendered by a plain row function instead of a serializer per row (issue 11).

DRF's ListModelMixin renders a page with `serializer_class(page, many=True)`, which builds the
field set of the row serializer and of every nested one for each row; on a 20-row product page
with pictures that was most of the request's CPU. A view that mixes this in instead of
ListModelMixin names the function that renders its rows (`render_rows`); `serializer_class`
stays the schema (drf-spectacular reads it as before, so the OpenAPI document is unchanged),
and a test per row function holds it equal to the serializer's `.data`.
"""

from __future__ import annotations

from typing import Any

from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response


class RowListMixin(mixins.ListModelMixin):
    def render_rows(self, rows: list[Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        if page is not None:
            return self.get_paginated_response(self.render_rows(page))  # type: ignore[attr-defined]
        return Response(self.render_rows(list(queryset)))
