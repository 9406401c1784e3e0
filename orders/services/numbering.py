"""Order numbers people can read on the phone: GT-yymm-nnnnnn, a gapless sequence per month.

One statement both creates the month's counter and moves it on (INSERT … ON CONFLICT DO
UPDATE … RETURNING, in PostgreSQL and SQLite ≥ 3.35), so two checkouts never get one number:
the second waits on the counter's row lock until the first commits or rolls back. The checkout
takes its number last, so the row is held only for the end of the transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from orders.models import OrderSequence

PREFIX = "GT"


def order_number_next(now: dt.datetime | None = None) -> str:
    period = timezone.localtime(now or timezone.now()).strftime("%y%m")
    table = connection.ops.quote_name(OrderSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, last) VALUES (%s, 1) "  # noqa: S608 (a table name)
            f"ON CONFLICT (period) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [period],
        )
        (last,) = cursor.fetchone()
    return f"{PREFIX}-{period}-{int(last):06d}"
