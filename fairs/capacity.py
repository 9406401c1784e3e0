"""The one way fairs decide scarce things (booths, visitor places, meeting slots).

A decision runs inside `transaction.atomic()`: `lock_for_update(queryset)` takes a row lock on
the counted thing (e.g. the BoothType), the caller recounts what is held, decides and inserts,
and the lock is released at commit. Everyone deciding on the same thing therefore queues
behind the lock, so two requests can never both see the last free booth.

Two switches exist for the concurrency tests only, and are deliberately NOT settings (nothing in
the environment can turn them): `LOCKS_ENABLED` (tests monkeypatch it to False to show the race
is real) and `RACE_WINDOW` (a callable the tests set to sleep a little between count and insert,
so the unlocked race shows up reliably). Production code never assigns either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

LOCKS_ENABLED = True
RACE_WINDOW: Callable[[], None] | None = None


def lock_for_update(queryset: QuerySet[M]) -> list[M]:
    """Lock and return the rows of `queryset` (ordered by primary key, so several rows are always
    locked in the same order and two deciders cannot deadlock)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_update() must run inside transaction.atomic()")
    queryset = queryset.order_by("pk")
    if LOCKS_ENABLED:
        queryset = queryset.select_for_update()
    return list(queryset)


def race_window() -> None:
    """Between counting and inserting: a no-op unless a test widened the window."""
    if RACE_WINDOW is not None:
        RACE_WINDOW()
