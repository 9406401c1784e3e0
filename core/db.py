"""Read replicas: which database a read goes to (D187, D188).

Writes, and every read not asked for explicitly, go to the primary (`default`). A selector that
serves a public read asks `reader()` for its alias and uses it (`Model.objects.using(reader())`,
`connections[reader()].cursor()`). `reader()` answers a replica only when all of these hold:

* `DATABASE_REPLICAS` names replicas (settings build them from `DATABASE_REPLICA_URLS`);
* the current request allows it: an anonymous safe request (GET, HEAD, OPTIONS) without the
  pin cookie that follows a write (`ReplicaPinMiddleware`). Outside a request (tasks, commands)
  nothing does: they read the primary;
* no transaction is open on the primary (a read inside a write's transaction must see it);
* the replica answered its last check, at most DATABASE_REPLICA_CHECK_SECONDS ago, and was then
  at most DATABASE_REPLICA_MAX_LAG_SECONDS behind (pg_last_xact_replay_timestamp).

Otherwise the answer is `default`: a replica that is down or lagging costs the primary some
reads, never an error or an old answer past the limit.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# True only while an anonymous safe request without a pin runs (ReplicaPinMiddleware).
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)

PIN_COOKIE = "gt_db_pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Whoever presents any of these is a signed-in person or a partner: their reads stay primary.
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY")

# On a standby, the seconds since the last replayed transaction when WAL is waiting to be
# replayed; 0 when everything received is replayed (an idle primary sends nothing, and the
# replay timestamp then ages without the replica being behind). On a primary: 0.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class _Health:
    """Each replica's last check, per process: (monotonic time of the check, usable)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked: dict[str, tuple[float, bool]] = {}

    def usable(self, alias: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen = self._checked.get(alias)
        if seen is not None and now - seen[0] < settings.DATABASE_REPLICA_CHECK_SECONDS:
            return seen[1]
        ok = _check(alias)
        with self._lock:
            self._checked[alias] = (now, ok)
        return ok

    def forget(self) -> None:
        with self._lock:
            self._checked.clear()


health = _Health()


def replica_lag(alias: str) -> float:
    """Seconds `alias` is behind its primary (0 on a primary); raises DatabaseError if down."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        (lag,) = cursor.fetchone()
    return float(lag)


def _check(alias: str) -> bool:
    try:
        lag = replica_lag(alias)
    except DatabaseError as exc:
        logger.warning("replica %s is not answering; reads go to the primary: %s", alias, exc)
        connections[alias].close()
        return False
    if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
        logger.warning("replica %s is %.1f s behind; reads go to the primary", alias, lag)
        return False
    return True


def primary_in_transaction() -> bool:
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


def reader() -> str:
    """The database alias a public read should use now (see the module's docstring)."""
    replicas = settings.DATABASE_REPLICAS
    if not replicas or not _replica_allowed.get():
        return DEFAULT_DB_ALIAS
    if primary_in_transaction():
        return DEFAULT_DB_ALIAS
    usable = [alias for alias in replicas if health.usable(alias)]
    return random.choice(usable) if usable else DEFAULT_DB_ALIAS  # noqa: S311 (load spread)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Lets `reader()` answer a replica inside the block, as for an anonymous GET (for public
    work outside a request: a public page rendered by a task, a test)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def replica_reads_allowed(request: HttpRequest) -> bool:
    if request.method not in SAFE_METHODS or request.COOKIES.get(PIN_COOKIE):
        return False
    if any(request.META.get(header) for header in CREDENTIAL_HEADERS):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaPinMiddleware:
    """Allows replica reads for anonymous safe requests, and pins a writer to the primary.

    After a write (any other method) that did not fail, the response sets a cookie for
    DATABASE_REPLICA_PIN_SECONDS: while the browser sends it back, its reads stay on the primary
    and it reads its own writes whatever the replicas' lag. With no replica configured it does
    nothing at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        token = _replica_allowed.set(replica_reads_allowed(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


class PrimaryReplicaRouter:
    """Django's half: writes always go to the primary, even for an object read from a replica
    (Django would otherwise save it where it came from); replicas are never migrated. Reads are
    not routed here: unasked, they go to the primary (or, for related objects, to the database
    their object came from)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        databases = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db in settings.DATABASE_REPLICAS else None
