"""What buying plugs into the exchange's extension points: its figures for moderators.
`connect()` runs from OrdersConfig.ready()."""

from __future__ import annotations

from marketplace.stats import stats_register
from orders.selectors import inquiry_counts_by_status
from orders.stats import order_stats_for_moderators


def connect() -> None:
    stats_register(moderation=inquiry_counts_by_status)
    stats_register(moderation=order_stats_for_moderators)
