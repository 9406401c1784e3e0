"""Order numbers people can read on the phone: GT-yymm-nnnnnn (D216, replacing D122's counter).

On PostgreSQL the number is the next value of one sequence for all months
(`orders_order_number_seq`, created by migration 0007 above every number given before), and
the prefix is the checkout's month in Asia/Ho_Chi_Minh: GT-2612-000123, then GT-2701-000124.
`nextval` takes no row lock and is never rolled back, so parallel checkouts never wait on each
other for a number; a rolled-back checkout leaves a gap. A checkout takes all its numbers in
one statement. The unique constraint on Order.number is the last guard.

On SQLite (the embedded default of `make run`, one writer at a time anyway) the month's counter
row of D122 stays: `INSERT … ON CONFLICT (period) DO UPDATE … RETURNING` moves it on by the
numbers wanted, gapless, starting again at 1 every month.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from orders.models import OrderSequence

PREFIX = "GT"
SEQUENCE = "orders_order_number_seq"  # created by orders/migrations/0007 (PostgreSQL)


def order_numbers_next(count: int, now: dt.datetime | None = None) -> list[str]:
    """`count` new numbers of the month of `now` (default: now), in ascending order."""
    if count < 1:
        return []
    period = timezone.localtime(now or timezone.now()).strftime("%y%m")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [SEQUENCE, count])
            values = sorted(int(row[0]) for row in cursor.fetchall())
        else:
            table = connection.ops.quote_name(OrderSequence._meta.db_table)
            cursor.execute(
                f"INSERT INTO {table} (period, last) VALUES (%s, %s) "  # noqa: S608 (a table name)
                f"ON CONFLICT (period) DO UPDATE SET last = {table}.last + %s RETURNING last",
                [period, count, count],
            )
            (last,) = cursor.fetchone()
            values = list(range(int(last) - count + 1, int(last) + 1))
    return [f"{PREFIX}-{period}-{value:06d}" for value in values]


def order_number_next(now: dt.datetime | None = None) -> str:
    return order_numbers_next(1, now)[0]
