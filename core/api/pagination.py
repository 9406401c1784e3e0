"""Page-number pagination with a capped `page_size`, the shape of every list response, at a
cost bounded whatever the size of the list (D86):

- `count` is counted up to `API_COUNT_LIMIT` rows (a COUNT over a LIMIT subquery);
  `total_relation` says "eq" (exact) or "gte" (there are at least `count`), as the search does.
- `next` and `previous` carry a seek key (`after` / `before`: the ordering values of the page's
  last / first row) when the list is ordered by one column and the primary key: following them
  reads the page from the index where the last one stopped, at any depth (keyset pagination).
- `page=N` without a seek key reads by OFFSET, up to `API_MAX_OFFSET` rows deep (beyond: 400).
  A page after the first selects its ids with the lean query (the index walk and its filters,
  no display joins, no per-row subqueries), then reads only those rows in full.
- `next` is known from one row read past the page, not from the count.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, Model, OrderBy, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_choice_field
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.api.params import refuse_unknown_params
from core.api.response_cache import kept_value

ORDERING_PARAM = "ordering"

EQ, GTE = "eq", "gte"
AFTER, BEFORE = "after", "before"


@dataclass(frozen=True)
class SearchPage:
    """One page of a search backend's hits as rows of the list, with the hits' total."""

    rows: list[Any]
    total: int
    relation: str = EQ


@dataclass(frozen=True)
class SeekKey:
    """An ordering the seek understands: one column (either way, nulls placed explicitly when
    the column is nullable), then the primary key."""

    field: Field
    descending: bool
    nulls_last: bool  # the nulls come after the values, in this direction
    pk_descending: bool

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> SeekKey | None:
        query = queryset.query
        ordering = list(query.order_by) or (
            list(queryset.model._meta.ordering) if query.default_ordering else []
        )
        if len(ordering) != 2 or query.distinct or query.combinator:
            return None
        first, second = (_term(item) for item in ordering)
        if first is None or second is None or second[0] not in ("id", "pk"):
            return None
        name, descending, nulls = first
        try:
            field = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.is_relation or field.primary_key:
            return None
        if nulls is None:
            if field.null:
                return None  # where the nulls go depends on the database
            nulls = "last"
        return cls(field, descending, nulls == "last", second[1])

    def reversed(self) -> SeekKey:
        return SeekKey(self.field, not self.descending, not self.nulls_last, not self.pk_descending)

    def order_by(self) -> list[OrderBy]:
        nulls: dict[str, bool] = {}
        if self.field.null:
            nulls = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        column = F(self.field.name)
        first = column.desc(**nulls) if self.descending else column.asc(**nulls)
        return [first, F("pk").desc() if self.pk_descending else F("pk").asc()]

    def token(self, row: Model) -> str:
        value = [self.field.name, getattr(row, self.field.attname), row.pk]
        raw = json.dumps(value, default=_plain, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read(self, token: str, param: str) -> tuple[Any, Any]:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            name, value, pk = json.loads(raw)
            if name != self.field.name:
                raise ValueError(name)
            value = None if value is None else self.field.to_python(value)
            pk = self.field.model._meta.pk.to_python(pk)
        except (ValueError, TypeError, binascii.Error, DjangoValidationError):
            raise ValidationError(
                {param: [_("This seek key is not one this list gave out.")]}
            ) from None
        return value, pk

    def parts(self, value: Any, pk: Any) -> list[Q]:
        """The rows after (value, pk) in this order, as index-friendly filters, one per segment
        (non-null values, nulls) in scan order: read one after the other until a page is full."""
        name = self.field.name
        pk_after = Q(pk__lt=pk) if self.pk_descending else Q(pk__gt=pk)
        if value is None:
            rest = Q(**{f"{name}__isnull": True}) & pk_after
            return [rest] if self.nulls_last else [rest, Q(**{f"{name}__isnull": False})]
        bound = Q(**{f"{name}__lte" if self.descending else f"{name}__gte": value})
        pk_not_after = Q(pk__gte=pk) if self.pk_descending else Q(pk__lte=pk)
        rest = bound & ~(Q(**{name: value}) & pk_not_after)
        if self.field.null and self.nulls_last:
            return [rest, Q(**{f"{name}__isnull": True})]
        return [rest]


def _relation_schema() -> dict[str, Any]:
    """As the search's `total_relation` (one TotalRelationEnum in the OpenAPI document)."""
    schema: dict[str, Any] = build_choice_field(
        serializers.ChoiceField(choices=[(EQ, EQ), (GTE, GTE)])
    )
    meaning = '"eq": count is exact; "gte": there are at least count rows.'
    schema["description"] = f"{meaning}\n\n{schema['description']}"
    return schema


def _plain(value: Any) -> str:
    """Dates and times in full (microseconds included: the seek compares them exactly)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)  # Decimal, UUID


def _term(item: Any) -> tuple[str, bool, str | None] | None:
    """(field name, descending, "first"/"last"/None) of one ordering term, None if not plain."""
    if isinstance(item, str):
        name = item.lstrip("-")
        if "__" in name or name == "?" or "." in name:
            return None
        return name, item.startswith("-"), None
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        nulls = "last" if item.nulls_last else "first" if item.nulls_first else None
        return str(item.expression.name), item.descending, nulls  # type: ignore[attr-defined]
    return None


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    count_limit: int = settings.API_COUNT_LIMIT
    max_offset: int = settings.API_MAX_OFFSET

    @property
    def query_param_names(self) -> tuple[str, ...]:
        return (self.page_query_param, self.page_size_query_param or "", AFTER, BEFORE)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        refuse_unknown_params(request, view, queryset, self)  # D91
        self.request = self.asked = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        self.number, self.size = self._page_number(request), int(page_size)
        self.key = SeekKey.of(queryset) if isinstance(queryset, QuerySet) else None
        after, before = (request.query_params.get(p) for p in (AFTER, BEFORE))
        if self.key is not None and self.number > 1 and (after or before):
            rows = self._seek(queryset, self.key, after, before)
        else:
            rows = self._offset(queryset)
        if not rows and self.number > 1:
            raise NotFound(self.invalid_page_message)
        self.rows = rows
        seen = (self.number - 1) * self.size + len(rows)
        self.count, self.total_relation = self._count(queryset, seen)
        return rows

    def _page_number(self, request: Request) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            raise NotFound(self.invalid_page_message) from None
        if number < 1:
            raise NotFound(self.invalid_page_message)
        return number

    def paginate_search(
        self,
        rows_for: Callable[[int, int], SearchPage],
        request: Request,
        view: Any = None,
        queryset: Any = None,
    ) -> list[Any]:
        """A page of a list answered by a search backend (`q`, D91): `rows_for(page, size)`
        gives the page's rows in the backend's order with its total. The response has the
        list's shape; its links go by page number (a seek key means nothing to a ranking)."""
        refuse_unknown_params(request, view, queryset, self)
        self.request = self.asked = request
        self.number, self.size = self._page_number(request), int(self.get_page_size(request) or 1)
        self.key = None
        self._check_depth((self.number - 1) * self.size)
        found = rows_for(self.number, self.size)
        if not found.rows and self.number > 1:
            raise NotFound(self.invalid_page_message)
        self.rows = found.rows
        self.count, self.total_relation = found.total, found.relation
        self.has_next = self.number * self.size < found.total + int(found.relation == GTE)
        return found.rows

    def _check_depth(self, offset: int) -> None:
        if offset + self.size > self.max_offset:
            raise ValidationError(
                {
                    self.page_query_param: [
                        _(
                            "Pages reach {limit} rows deep: follow the next links (they seek, "
                            "at any depth) or narrow the list with its filters."
                        ).format(limit=self.max_offset)
                    ]
                }
            )

    def _offset(self, queryset: Any) -> list[Any]:
        offset, limit = (self.number - 1) * self.size, self.size + 1
        self._check_depth(offset)
        lean = isinstance(queryset, QuerySet) and not (
            queryset.query.distinct or queryset.query.combinator
        )
        if offset == 0 or not lean:
            rows = list(queryset[offset : offset + limit])
        else:  # the deferred join: the page's ids from the lean query, then those rows in full
            rows = list(queryset.filter(pk__in=queryset.values("pk")[offset : offset + limit]))
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    def _seek(self, queryset: QuerySet[Any], key: SeekKey, after: Any, before: Any) -> list[Any]:
        backwards = not after
        scan = key.reversed() if backwards else key
        value, pk = key.read(before, BEFORE) if backwards else key.read(after, AFTER)
        ordered = queryset.order_by(*scan.order_by())
        rows: list[Any] = []
        for part in scan.parts(value, pk):
            rows += list(ordered.filter(part)[: self.size + 1 - len(rows)])
            if len(rows) > self.size:
                break
        more = len(rows) > self.size
        rows = rows[: self.size]
        if backwards:
            rows.reverse()
            self.has_next = True  # the page it was reached from
        else:
            self.has_next = more
        return rows

    def _count_name(self) -> str:
        """What decides an anonymous list's count: its path and filters (not its page, size,
        seek key or order)."""
        ignored = {*self.query_param_names, ORDERING_PARAM, "format"}
        params = sorted(
            (k, v)
            for k, values in self.asked.query_params.lists()
            if k not in ignored
            for v in values
        )
        return f"count\n{self.asked.path}\n{params!r}"

    def _count(self, queryset: Any, seen: int) -> tuple[int, str]:
        if not isinstance(queryset, QuerySet):
            return len(queryset), EQ
        if not (queryset.query.distinct or queryset.query.combinator):
            queryset = queryset.values("pk")  # no display joins, no per-row subqueries
        bounded = queryset.order_by()[: self.count_limit + 1]
        counted = kept_value(self.asked._request, self._count_name(), bounded.count)
        if counted <= self.count_limit:
            return max(counted, seen), EQ
        return max(self.count_limit, seen + int(self.has_next)), GTE

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "total_relation": self.total_relation,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def _url(self, number: int, seek: tuple[str, Model] | None = None) -> str:
        url = remove_query_param(remove_query_param(self.asked.build_absolute_uri(), AFTER), BEFORE)
        if seek is not None and self.key is not None and isinstance(seek[1], Model):
            url = replace_query_param(url, seek[0], self.key.token(seek[1]))
        elif number * self.size > self.max_offset:
            return ""  # no seek key, and an offset that deep is refused
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.rows:
            return None
        return self._url(self.number + 1, (AFTER, self.rows[-1])) or None

    def get_previous_link(self) -> str | None:
        if self.number <= 1:
            return None
        if self.number == 2 or not self.rows:
            return self._url(1)
        return self._url(self.number - 1, (BEFORE, self.rows[0])) or None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        seek = _("A seek key from a next (after) or previous (before) link; keep it as given.")
        return [
            *super().get_schema_operation_parameters(view),
            *(
                {
                    "name": name,
                    "required": False,
                    "in": "query",
                    "description": str(seek),
                    "schema": {"type": "string"},
                }
                for name in (AFTER, BEFORE)
            ),
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        shape = super().get_paginated_response_schema(schema)
        properties = shape["properties"]
        shape["required"] = ["count", "total_relation", "results"]
        shape["properties"] = {
            "count": {
                **properties["count"],
                "description": "Rows in the list, counted up to API_COUNT_LIMIT "
                "(see total_relation).",
            },
            "total_relation": _relation_schema(),
            **{k: v for k, v in properties.items() if k != "count"},
        }
        return shape
