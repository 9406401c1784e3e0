"""What buying plugs into the exchange's extension points: its figures for moderators, and what
it keeps about a buyer (export and erasure). `connect()` runs from OrdersConfig.ready()."""

from __future__ import annotations

from core.personal_data import personal_data_register
from marketplace.stats import stats_register
from orders.personal_data import SECTIONS
from orders.selectors import inquiry_counts_by_status
from orders.stats import order_stats_for_moderators


def connect() -> None:
    stats_register(moderation=inquiry_counts_by_status)
    stats_register(moderation=order_stats_for_moderators)
    for section in SECTIONS:
        personal_data_register(section)
