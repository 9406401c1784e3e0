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
"registration"), `object_ids` (a list of primary keys), `event` (a dotted name such as
`product.published`).
"""


def public_changed_send(*, kind: str, object_ids: Iterable[int], event: str) -> None:
    """Announce a change of these objects, in the caller's transaction."""
    public_changed.send(sender=kind, kind=kind, object_ids=list(object_ids), event=event)
