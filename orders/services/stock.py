"""Stock counts never go below zero: a checkout takes its units inside its own transaction,
locking the counted rows in one fixed order (by product id), so two checkouts wanting the same
products queue instead of deadlocking, and the second sees what the first left.

`LOCKS_ENABLED` and `RACE_WINDOW` exist for the concurrency tests only (tests/concurrency/
test_stock.py): with the lock off and a pause between reading and writing, parallel checkouts
oversell, which shows the lock is what prevents it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext as _

from core.errors import Conflict
from orders.models import Order, ProductStock

LOCKS_ENABLED = True
RACE_WINDOW: Callable[[], None] = lambda: None  # noqa: E731


def stock_take(needs: Mapping[int, int], names: Mapping[int, str]) -> None:
    """Take `needs` {product_id: units} from the counted products (others are made to order).
    Raises Conflict (409 out_of_stock) naming every product short of units; takes nothing then."""
    rows = ProductStock.objects.filter(product_id__in=list(needs)).order_by("product_id")
    if LOCKS_ENABLED:
        rows = rows.select_for_update()
    counted = {row.product_id: row.quantity for row in rows}
    short = {pid: left for pid, left in counted.items() if left < needs[pid]}
    if short:
        raise Conflict(
            _("Not enough stock left."),
            code="out_of_stock",
            errors={
                "lines": [
                    _("%(name)s: %(left)s left.") % {"name": names.get(pid, pid), "left": left}
                    for pid, left in sorted(short.items())
                ]
            },
        )
    RACE_WINDOW()
    if not counted:
        return
    if LOCKS_ENABLED:  # every counted row in one statement (D217)
        taken = Case(
            *(When(product_id=pid, then=Value(needs[pid])) for pid in counted),
            output_field=IntegerField(),
        )
        ProductStock.objects.filter(product_id__in=list(counted)).update(
            quantity=F("quantity") - taken
        )
        return
    for pid, left in counted.items():  # the naive write the lock makes safe: read minus taken
        ProductStock.objects.filter(product_id=pid).update(quantity=left - needs[pid])


def stock_return(order: Order) -> None:
    """Put a cancelled order's units back, once (the order row is locked by the caller)."""
    if order.stock_returned:
        return
    needs: dict[int, int] = {}
    for product_id, quantity in order.lines.values_list("product_id", "quantity"):
        needs[product_id] = needs.get(product_id, 0) + quantity
    for row in (
        ProductStock.objects.filter(product_id__in=list(needs))
        .order_by("product_id")
        .select_for_update()
    ):
        ProductStock.objects.filter(pk=row.pk).update(quantity=F("quantity") + needs[row.pk])
    Order.objects.filter(pk=order.pk).update(stock_returned=True)
    order.stock_returned = True
