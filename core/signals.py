"""Signals every app may send: the project's extension points at the ground floor.

Receivers are connected in their app's `AppConfig.ready()`. Senders call them inside their own
transaction (`Signal.send`, not `send_robust`), so what a receiver writes commits or rolls back
with the change that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

public_changed = Signal()
"""Objects others can see changed: the partner change feed and webhooks listen.

Arguments: `kind` ("vendor", "product", "certificate", "fair", "application",
"registration", "lead", "lot"), `object_ids` (a list of primary keys), `event` (a dotted name
such as `product.published`).
"""


def public_changed_send(*, kind: str, object_ids: Iterable[int], event: str) -> None:
    """Announce a change of these objects, in the caller's transaction."""
    public_changed.send(sender=kind, kind=kind, object_ids=list(object_ids), event=event)


bulk_loaded = Signal()
"""Rows were written in bulk, past the services (the demo loader), so nothing was announced:
apps that keep state derived from them catch up. Arguments: `fresh` (True when this run wrote
the rows; False when they were there already). A receiver returns one line for the operator, or
None when it had nothing to do. Sent outside any transaction.
"""
