"""Small reference tables read whole into each process (issue 11).

Every product card names its category, unit, commune and province. Joining those four tables
into the page query made PostgreSQL spend ~15 ms *planning* a seven-table join that ran in
under 1 ms (docs/benchmarks.md, "HTTP reads"); reading them through these caches leaves the
page a two-table query. Only tables that are small (at most a few thousand rows), change
rarely and are edited by staff belong here: the 2025 administrative units, categories, units.

A table is read on first use and again after ``REFERENCE_CACHE_SECONDS`` (60 s by default, the
same minute a takedown is allowed to take), after a save or delete in this process (the owning
app connects ``clear`` to its model's signals), and once when a key is missing (a row another
process has just added). Each gunicorn worker keeps its own copy; it is a few hundred KB.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_TABLES: list[ReferenceTable[Any, Any]] = []


class ReferenceTable(Generic[K, V]):
    def __init__(self, name: str, load: Callable[[], Mapping[K, V]]) -> None:
        self.name = name
        self._load = load
        self._rows: Mapping[K, V] | None = None
        self._expires = 0.0
        _TABLES.append(self)

    def _refresh(self) -> Mapping[K, V]:
        rows = self._load()
        self._rows = rows
        self._expires = time.monotonic() + settings.REFERENCE_CACHE_SECONDS
        return rows

    def rows(self) -> Mapping[K, V]:
        rows = self._rows
        if rows is None or time.monotonic() >= self._expires:
            rows = self._refresh()
        return rows

    def get(self, key: K | None) -> V | None:
        """The row with this key, or None for a None key or one that does not exist."""
        if key is None:
            return None
        rows = self.rows()
        row = rows.get(key)
        if row is None:
            row = self._refresh().get(key)
        return row

    def __getitem__(self, key: K) -> V:
        """The row with this key (a required foreign key); KeyError if there is none."""
        row = self.get(key)
        if row is None:
            raise KeyError(f"{self.name}: {key!r}")
        return row

    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Forget the table (a signal receiver: it accepts and ignores the signal's arguments)."""
        self._rows = None


def clear_reference_tables() -> None:
    """Forget every table (tests call it around each test)."""
    for table in _TABLES:
        table.clear()


def warm_reference_tables() -> None:
    """Read every table now (gunicorn does it in each worker before its first request)."""
    for table in _TABLES:
        table.rows()
