"""Signals of the exchange's own domain; receivers connect in their app's `AppConfig.ready()`.

Sent inside the writing service's transaction, so what a receiver writes (a search queue row,
a change-feed row) commits or rolls back with the change.
"""

from django.dispatch import Signal

vendor_changed = Signal()
"""A storefront changed. Arguments: `vendor` (the saved row), `event` ("vendor.updated" for an
edit; "vendor.approved", "vendor.rejected", "vendor.suspended" for a moderation decision) and
`fields` (the names of the edited fields; empty for a decision). Search re-indexes the
storefront (and its products when their documents show what changed); the partner change feed
records what partners can see.
"""
