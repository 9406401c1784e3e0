"""Statements compiled once per process from a queryset, run with fresh ids each call (D249).

A hot read that fetches "these ids" (a search page's cards, their pictures) builds the same
queryset on every request, and Django compiles it again each time (filters resolved, joins set
up, SQL written: about a millisecond for a card query), then builds a model instance per row.
`CompiledRows` builds the queryset once per database alias and number of ids, with stand-in
values where the ids and the day go, keeps its SQL, parameters and Django's converters, and
on each call binds the real ids (and today's date) into the kept parameters, runs the SQL
through the alias's cursor (counted and logged as any query) and gives the rows as dicts named
as `.values()` names them, converted as `.values()` converts them: same values, no compiling,
no model instance. It works on every database Django compiles for (SQLite and PostgreSQL here)
because the SQL is Django's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Stand-ins found again in the compiled parameters: ids no table holds (within a 32-bit id's
# range, so no integer lookup treats them as out of range) and a day no certificate expires on.
_STAND_IN_ID = -1_000_000_000
_STAND_IN_DAY = dt.date(1901, 2, 3)

# Statements are kept for up to this many ids (any page of any list); a longer call compiles
# its own and keeps nothing, so what a process keeps stays bounded whoever calls.
KEPT_UP_TO = 200

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[Any, ...]
    id_slots: tuple[int, ...]
    day_slots: tuple[int, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]


class CompiledRows:
    """`build(ids, day)` returns a `.values()` queryset filtered on `ids` (and, when its
    filters depend on the date, on `day`): it is called once per alias and number of ids, never
    per request, so everything it reads must be the same for every call but those two."""

    def __init__(self, build: Callable[[list[int], dt.date], QuerySet[Any]]) -> None:
        self._build = build
        self._statements: dict[tuple[str, int], _Statement] = {}

    def __call__(
        self, ids: Sequence[int], *, using: str, day: dt.date | None = None
    ) -> list[dict[str, Any]]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        statement = self._statements.get((using, len(ids)))
        if statement is None:
            statement = self._compile(using, len(ids))
            if len(ids) <= KEPT_UP_TO:  # a page's worth: a few statements per process
                self._statements[(using, len(ids))] = statement
        connection = connections[using]
        params = list(statement.params)
        for slot, value in zip(statement.id_slots, ids, strict=True):
            params[slot] = value
        if statement.day_slots:
            if day is None:
                raise TypeError("this statement filters on a day: give `day`")
            adapted = connection.ops.adapt_datefield_value(day)
            for slot in statement.day_slots:
                params[slot] = adapted
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        names = statement.names
        if not statement.converters:
            return [dict(zip(names, row, strict=True)) for row in rows]
        found = []
        for row in rows:
            values = list(row)
            for position, converters, expression in statement.converters:
                value = values[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                values[position] = value
            found.append(dict(zip(names, values, strict=True)))
        return found

    def _compile(self, using: str, count: int) -> _Statement:
        stand_ins = [_STAND_IN_ID - i for i in range(count)]
        query = self._build(stand_ins, _STAND_IN_DAY).using(using).query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = tuple(params)
        id_slots = tuple(_only_slot(params, stand_in) for stand_in in stand_ins)
        day = connections[using].ops.adapt_datefield_value(_STAND_IN_DAY)
        day_slots = tuple(i for i, p in enumerate(params) if type(p) is type(day) and p == day)
        selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(selected)
        return _Statement(
            sql=sql,
            params=params,
            id_slots=id_slots,
            day_slots=day_slots,
            names=(*query.extra_select, *query.values_select, *query.annotation_select),
            converters=tuple(
                (position, tuple(functions), expression)
                for position, (functions, expression) in sorted(converters.items())
            ),
        )

    def forget(self) -> None:
        """Compile again on the next call (tests that change what `build` reads)."""
        self._statements.clear()


def _only_slot(params: tuple[Any, ...], stand_in: int) -> int:
    slots = [i for i, p in enumerate(params) if type(p) is int and p == stand_in]
    if len(slots) != 1:
        raise ValueError(f"the compiled statement holds the stand-in id {len(slots)} times")
    return slots[0]
