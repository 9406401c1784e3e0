"""Helpers for concurrency tests: real parallel clients on PostgreSQL.

Use in a test marked `@pytest.mark.django_db(transaction=True)` (threads need committed data)
and ask for the `postgres` fixture; it also puts back the seed rows of the data migrations
(regions, categories, units), which the flush after every transactional test removes:

    def test_race(postgres):                       # fails in CI, skips locally, off PostgreSQL
        outcomes = run_in_parallel([lambda i=i: apply(i) for i in range(200)])
        assert sum(o.ok for o in outcomes) == ...

`run_in_parallel` starts CLIENTS threads, each with its own database connection (Django keeps
one per thread), releases them together through a barrier, lets them pull the calls from one
queue, and closes every connection at the end. The rush tests pass `clients=len(calls)`: one
client (and one PostgreSQL connection) per application, 200 at once; .ci/run allows 300
connections for that. Smaller tests use CLIENTS.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

from tests.reference_data import reference_data_restore

CLIENTS = 25


@dataclass
class Outcome:
    index: int
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_in_parallel(
    calls: Sequence[Callable[[], Any]], *, clients: int = CLIENTS, timeout: float = 120
) -> list[Outcome]:
    """Run `calls` from `clients` threads at once; outcomes come back in the order of `calls`."""
    outcomes = [Outcome(index=i) for i in range(len(calls))]
    clients = max(1, min(clients, len(calls)))
    barrier = threading.Barrier(clients)
    cursor = iter(range(len(calls)))
    cursor_lock = threading.Lock()

    def client() -> None:
        try:
            barrier.wait(timeout=timeout)
            while True:
                with cursor_lock:
                    i = next(cursor, None)
                if i is None:
                    return
                try:
                    outcomes[i].value = calls[i]()
                except BaseException as exc:  # recorded for the test to assert on
                    outcomes[i].error = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    if any(t.is_alive() for t in threads):
        raise AssertionError("parallel clients did not finish in time (deadlock?)")
    return outcomes


@pytest.fixture
def postgres(transactional_db) -> None:
    """Concurrency tests need PostgreSQL row locks: in CI its absence fails the test."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI=true: concurrency tests must run on PostgreSQL (set DATABASE_URL)")
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    reference_data_restore()
