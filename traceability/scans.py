"""Scans of a lot's trace URL, counted per lot and per day (issue 14 item 8, D169), and the
trace record kept in the shared cache for QR campaigns (D170).

Counting must cost the resolver next to nothing and keep no personal data: a scan is one
`incr` of a counter in the cache (Redis in production), `trace-scans:{day}:{lot id}`; no row
is written per scan. `scans_flush()` (a beat task every few minutes) adds the counters of
today and yesterday to `LotScanDay` with `UPDATE … SET count = count + n` and takes the same
amount off the counter, so scans arriving meanwhile are kept for the next run. The storefront
reads the stored days plus what is still in the counters.

A scan of a serial-numbered stamp (`/t/{code}/{serial}`, `…/21/{serial}`) also counts the
serial (D173): `trace-serial-scans:{day}:{lot}:{serial}`, and the day's first scan of a serial
writes it into the lot's numbered slots of that day (a sequence counter, at most
SERIALS_PER_DAY), which is how the flush finds the counters without listing keys. The flush
upserts `LotSerialScan` with `count + n`; a serial scanned at least
max(TRACE_COPY_MIN_SCANS, TRACE_COPY_RATIO × the median of the lot's scanned serials) times is
shown as a possibly copied stamp.

The record a scan shows is kept in the cache for `API_RESPONSE_CACHE_SECONDS` under the
shared cache's write generation (core.api.response_cache): any committed write (a recall, a
new event, an edited product) starts a new generation, so the next scan shows it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest
from django.utils import timezone, translation

from core.api.response_cache import GENERATION_KEY, new_generation
from core.site import site_url
from traceability.models import Lot, LotScanDay, LotSerialScan
from traceability.selectors import PUBLIC_STATUSES, trace_record
from traceability.stamps import MAX_SERIAL

log = logging.getLogger(__name__)

COUNTER_SECONDS = 3 * 24 * 3600  # a counter outlives two flushes that missed it
FLUSH_LOCK = "trace-scans:flush"
FLUSH_BATCH = 500
DAYS_SHOWN = 92
SERIALS_PER_DAY = 10_000  # distinct serials of a lot counted in a day; bounds cache and table
SUSPECTS_SHOWN = 100


def _counter_key(day: dt.date, lot_id: int) -> str:
    return f"trace-scans:{day.isoformat()}:{lot_id}"


def _serial_key(day: dt.date, lot_id: int, serial: int) -> str:
    return f"trace-serial-scans:{day.isoformat()}:{lot_id}:{serial}"


def _slots_key(day: dt.date, lot_id: int) -> str:
    return f"trace-serial-slots:{day.isoformat()}:{lot_id}"


def _slot_key(day: dt.date, lot_id: int, slot: int) -> str:
    return f"trace-serial-slots:{day.isoformat()}:{lot_id}:{slot}"


def _incr(key: str) -> int:
    """Add one to the counter, making it (for COUNTER_SECONDS) when there is none."""
    try:
        return int(cache.incr(key))
    except ValueError:  # no counter yet
        if cache.add(key, 1, COUNTER_SECONDS):
            return 1
        return int(cache.incr(key))


def _serial_count(day: dt.date, lot_id: int, serial: int) -> None:
    key = _serial_key(day, lot_id, serial)
    try:
        cache.incr(key)
        return
    except ValueError:  # the serial's first scan today: give it a slot, then a counter
        pass
    slot = _incr(_slots_key(day, lot_id))
    if slot > SERIALS_PER_DAY:
        return  # past the day's bound: the lot is still counted, this serial is not
    cache.set(_slot_key(day, lot_id, slot), serial, COUNTER_SECONDS)
    _incr(key)  # a racing first scan may have taken another slot too: the flush dedupes


def scan_count(lot_id: int, serial: int | None = None) -> None:
    """Count one scan of the lot today, and of its serial when the stamp had one. Never fails
    the scan: a cache outage loses counts."""
    today = timezone.localdate()
    try:
        _incr(_counter_key(today, lot_id))
        if serial is not None and 0 < serial <= MAX_SERIAL:
            _serial_count(today, lot_id, serial)
    except Exception:
        log.warning("could not count a scan of lot %s", lot_id, exc_info=True)


def scans_flush(*, today: dt.date | None = None) -> int:
    """Add the counters of today and yesterday to the stored days; returns the scans moved.
    One run at a time (a lock in the cache), so no counter is added twice."""
    if not cache.add(FLUSH_LOCK, 1, 600):
        return 0
    try:
        today = today or timezone.localdate()
        days = (today - dt.timedelta(days=1), today)
        lot_ids = list(
            Lot.objects.filter(status__in=PUBLIC_STATUSES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        moved = 0
        for start in range(0, len(lot_ids), FLUSH_BATCH):
            keys = {
                _counter_key(day, lot_id): (lot_id, day)
                for lot_id in lot_ids[start : start + FLUSH_BATCH]
                for day in days
            }
            for key, value in cache.get_many(list(keys)).items():
                if not value or int(value) <= 0:
                    continue
                lot_id, day = keys[key]
                with transaction.atomic():
                    # No model signals: counts are nothing a public answer shows.
                    LotScanDay.objects.bulk_create(
                        [LotScanDay(lot_id=lot_id, day=day, count=0)], ignore_conflicts=True
                    )
                    LotScanDay.objects.filter(lot_id=lot_id, day=day).update(
                        count=F("count") + int(value)
                    )
                cache.decr(key, int(value))
                moved += int(value)
            slots = {
                _slots_key(day, lot_id): (lot_id, day)
                for lot_id in lot_ids[start : start + FLUSH_BATCH]
                for day in days
            }
            for key, value in cache.get_many(list(slots)).items():
                if value and int(value) > 0:
                    _serials_flush(*slots[key], min(int(value), SERIALS_PER_DAY))
        return moved
    finally:
        cache.delete(FLUSH_LOCK)


def _serials_flush(lot_id: int, day: dt.date, slots: int) -> None:
    """Add the lot's serial counters of the day (in its first `slots` slots) to
    `LotSerialScan` (count + n, the last day scanned kept), then take as much off the counters."""
    for first in range(1, slots + 1, FLUSH_BATCH):
        last = min(first + FLUSH_BATCH, slots + 1)
        slot_keys = [_slot_key(day, lot_id, n) for n in range(first, last)]
        serials = sorted({int(s) for s in cache.get_many(slot_keys).values()})
        keys = {_serial_key(day, lot_id, serial): serial for serial in serials}
        added: dict[int, list[int]] = {}  # n → the serials scanned n times since the last run
        for key, value in cache.get_many(list(keys)).items():
            if value and int(value) > 0:
                added.setdefault(int(value), []).append(keys[key])
        if not added:
            continue
        with transaction.atomic():
            LotSerialScan.objects.bulk_create(
                [
                    LotSerialScan(lot_id=lot_id, serial=serial, count=0, last_scanned_on=day)
                    for group in added.values()
                    for serial in group
                ],
                ignore_conflicts=True,
            )
            for n, group in added.items():  # few distinct n: most serials are scanned once
                LotSerialScan.objects.filter(lot_id=lot_id, serial__in=group).update(
                    count=F("count") + n, last_scanned_on=Greatest("last_scanned_on", day)
                )
        for n, group in added.items():
            for serial in group:
                cache.decr(_serial_key(day, lot_id, serial), n)


def suspect_serials(lot: Lot) -> list[dict[str, Any]]:
    """Serials scanned far more than the lot's others, most scanned first (D173): at least
    max(TRACE_COPY_MIN_SCANS, TRACE_COPY_RATIO × the median count of the lot's scanned
    serials). Judged on the stored counts, at most one flush behind."""
    counts = list(
        LotSerialScan.objects.filter(lot=lot, count__gt=0)
        .order_by("count")
        .values_list("count", flat=True)
    )
    if not counts:
        return []
    median = statistics.median(counts)
    bar = max(settings.TRACE_COPY_MIN_SCANS, settings.TRACE_COPY_RATIO * median)
    rows = (
        LotSerialScan.objects.filter(lot=lot, count__gte=bar)
        .order_by("-count", "serial")
        .values_list("serial", "count", "last_scanned_on")[:SUSPECTS_SHOWN]
    )
    return [
        {
            "serial": serial,
            "scans": count,
            "ratio": round(count / median, 1),
            "last_scanned_on": last.isoformat(),
        }
        for serial, count, last in rows
    ]


def lot_scans(lot: Lot, *, today: dt.date | None = None) -> dict[str, Any]:
    """What the storefront sees: scans by day (the last DAYS_SHOWN days, newest first, days
    without scans left out) and in total, counters not yet flushed included."""
    today = today or timezone.localdate()
    by_day: dict[dt.date, int] = dict(
        LotScanDay.objects.filter(lot=lot, day__gt=today - dt.timedelta(days=DAYS_SHOWN))
        .order_by()
        .values_list("day", "count")
    )
    total = LotScanDay.objects.filter(lot=lot).aggregate(n=Sum("count"))["n"] or 0
    pending_days = (today - dt.timedelta(days=1), today)
    pending = cache.get_many([_counter_key(day, lot.pk) for day in pending_days])
    for day in pending_days:
        extra = max(int(pending.get(_counter_key(day, lot.pk)) or 0), 0)
        if extra:
            by_day[day] = by_day.get(day, 0) + extra
            total += extra
    return {
        "total": total,
        "days": [
            {"day": day.isoformat(), "scans": count}
            for day, count in sorted(by_day.items(), reverse=True)
            if count
        ],
        "suspect_serials": suspect_serials(lot),
    }


def lot_scan_totals(lot_ids: list[int], *, today: dt.date | None = None) -> dict[int, int]:
    """Scans in total of each of these lots, counters not yet flushed included, as lot_scans
    counts them (one query and one cache read for a page of lots; the seller center's list)."""
    today = today or timezone.localdate()
    totals: dict[int, int] = dict(
        LotScanDay.objects.filter(lot_id__in=lot_ids)
        .order_by()
        .values("lot_id")
        .annotate(n=Sum("count"))
        .values_list("lot_id", "n")
    )
    days = (today - dt.timedelta(days=1), today)
    keys = {(day, lot_id): _counter_key(day, lot_id) for lot_id in lot_ids for day in days}
    pending = cache.get_many(list(keys.values())) if keys else {}
    for (_day, lot_id), key in keys.items():
        extra = max(int(pending.get(key) or 0), 0)
        if extra:
            totals[lot_id] = totals.get(lot_id, 0) + extra
    return {lot_id: totals.get(lot_id, 0) for lot_id in lot_ids}


@dataclass(frozen=True)
class TraceAnswer:
    lot_id: int
    record: dict[str, Any]
    body: bytes  # the record as JSON (UTF-8), encoded once per generation


def trace_record_cached(key: str, find: Callable[[], Lot | None]) -> TraceAnswer | None:
    """The trace record of the lot `find` returns, with its JSON, kept in the cache under the
    write generation; None when there is no such public lot. `key` names the lookup."""
    seconds = settings.API_RESPONSE_CACHE_SECONDS
    entry_key = f"trace-record:{site_url()}:{translation.get_language()}:{key}"
    generation = None
    if seconds > 0:
        found = cache.get_many([GENERATION_KEY, entry_key])
        generation, entry = found.get(GENERATION_KEY), found.get(entry_key)
        if generation is not None and entry is not None and entry[0] == generation:
            return TraceAnswer(lot_id=entry[1], record=entry[2], body=entry[3])
    lot = find()
    if lot is None:
        return None
    record = trace_record(lot)
    answer = TraceAnswer(lot_id=lot.pk, record=record, body=orjson.dumps(record))
    if seconds > 0:
        if generation is None:  # lost or never made: start one, as the API's cache does
            new_generation()
            generation = cache.get(GENERATION_KEY)
        cache.set(entry_key, (generation, answer.lot_id, record, answer.body), seconds)
    return answer
