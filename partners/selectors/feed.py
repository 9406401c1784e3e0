"""Reads of the partner change feed: which changes a partner may read next, in a stable order.

The feed is ordered by (txid, id). On PostgreSQL `txid` is the id of the transaction that wrote
the change and only transactions older than the oldest one still running are served, so no
transaction can commit later with a position before a cursor already handed out (D66). On SQLite
writers are serialised, `txid` is 0 and the order is the id order, which is the commit order.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from catalog.models import Product
from catalog.selectors import certificates_valid_on, product_list_public, product_public_filter
from fairs.selectors.fairs import fair_list_public
from leads.selectors import lead_list_public
from marketplace.models import Vendor, VendorStatus
from media.selectors import vendor_brand_prefetch
from partners.models import Change, ChangeFeedHorizon, ChangeKind
from traceability.selectors import lot_list_public_records

#: The kinds the public feed serves; applications and registrations reach partners by webhook.
FEED_KINDS = (
    ChangeKind.PRODUCT,
    ChangeKind.VENDOR,
    ChangeKind.CERTIFICATE,
    ChangeKind.FAIR,
    ChangeKind.LEAD,
    ChangeKind.LOT,
)

Position = tuple[int, int]  # (txid, id)


def cursor_encode(position: Position) -> str:
    raw = f"{position[0]}.{position[1]}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> Position | None:
    """The position in `cursor`, or None when it is not one this server handed out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        txid, _, pk = raw.partition(".")
        position = (int(txid), int(pk))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return position if position[0] >= 0 and position[1] >= 0 else None


def _settled_filter() -> Q | None:
    """Changes no later commit can precede: written by transactions older than every one still
    running (their txid is below the snapshot's xmin). A transaction also sees the changes it
    wrote itself; a feed request writes none, so this matters only to tests, which write and
    read in one transaction."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
            " pg_current_xact_id_if_assigned()::text::bigint"
        )
        xmin, own = cursor.fetchone()
    settled = Q(txid__lt=int(xmin))
    return settled | Q(txid=int(own)) if own is not None else settled


def feed_start_expired(*, after: Position | None, updated_since: dt.datetime | None = None) -> bool:
    """True when retention has since removed a tombstone after this starting point (D183): the
    reader may have missed a deletion and must start again from the beginning."""
    if after is None and updated_since is None:
        return False
    horizon = ChangeFeedHorizon.objects.filter(key="default").first()
    if horizon is None or not horizon.change_id:
        return False
    if after is not None:
        return after <= (horizon.txid, horizon.change_id)
    return horizon.at is not None and updated_since is not None and updated_since <= horizon.at


@dataclass(frozen=True)
class FeedPage:
    changes: list[Change]  # latest change per object within the page, in feed order
    next_position: Position | None  # where the next page starts; None when the page is empty
    has_more: bool


def change_position(change: Change) -> Position:
    return (change.txid, change.id)


def feed_changes(
    *,
    after: Position | None,
    kinds: Sequence[str],
    updated_since: dt.datetime | None = None,
    limit: int,
) -> FeedPage:
    """The next `limit` changes after `after` (or from `updated_since`, or from the start),
    collapsed to the latest change per object within the page."""
    qs: QuerySet[Change] = Change.objects.filter(kind__in=list(kinds))
    settled = _settled_filter()
    if settled is not None:
        qs = qs.filter(settled)
    if after is not None:
        qs = qs.filter(Q(txid__gt=after[0]) | Q(txid=after[0], id__gt=after[1]))
    elif updated_since is not None:
        qs = qs.filter(at__gte=updated_since)
    rows = list(qs.order_by("txid", "id")[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    latest: dict[tuple[str, int], Change] = {}
    for change in rows:
        latest.pop((change.kind, change.object_id), None)
        latest[(change.kind, change.object_id)] = change  # re-inserted: ordered by last change
    next_position = change_position(rows[-1]) if rows else after
    return FeedPage(changes=list(latest.values()), next_position=next_position, has_more=has_more)


def feed_public_objects(changes: Sequence[Change]) -> dict[tuple[str, int], object]:
    """The public form of each changed object that is still public, by (kind, id); what is
    missing is a tombstone. One query (plus prefetches) per kind present in the page."""
    ids: dict[str, set[int]] = {}
    for change in changes:
        ids.setdefault(change.kind, set()).add(change.object_id)
    found: dict[tuple[str, int], object] = {}
    querysets: dict[str, QuerySet[Any]] = {
        ChangeKind.PRODUCT: product_list_public(),
        ChangeKind.VENDOR: Vendor.objects.filter(status=VendorStatus.APPROVED)
        .select_related("province", "commune")
        .prefetch_related(vendor_brand_prefetch()),
        ChangeKind.CERTIFICATE: certificates_valid_on()
        .filter(product__in=Product.objects.filter(product_public_filter()).values("pk"))
        .select_related("product"),
        ChangeKind.FAIR: fair_list_public(),
        ChangeKind.LEAD: lead_list_public(),  # published and not expired (D146)
        ChangeKind.LOT: lot_list_public_records(),  # published or recalled, of a public product
    }
    for kind, pks in ids.items():
        qs = querysets.get(kind)
        if qs is None:
            continue
        for obj in qs.filter(pk__in=sorted(pks)):
            found[(kind, obj.pk)] = obj
    return found
