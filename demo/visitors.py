"""Demo visitors, check-ins and B2B meetings for the demo fairs (loaded after `demo.fairs`).

For the open fair: tickets (some cancelled), a morning of 20-minute slots, tables and meetings
waiting for an answer, accepted, declined or withdrawn. For the running fair: tickets, yesterday's
check-ins (with a repeat and a forged scan), yesterday's meetings held (some with a deal) or
missed, tomorrow's booked; it is sold out and four people wait in line. For the finished fair:
its final figures. buyer@demo.local has a ticket for the open and the running fair and meetings
in several states.

Rows are bulk inserted directly like the rest of the demo (no services, no audit rows, no
e-mail). Ticket tokens are random, as real ones are: only the counts are deterministic.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.db.models import Count
from django.utils import timezone

from demo.fairs import DEMO_SLUGS, OPEN_SLUG, RUNNING_SLUG
from demo.records import BUYER_EMAIL, DEMO_DOMAIN, ORGANIZER_EMAIL
from fairs import tickets
from fairs.models import (
    HOLDING_STATUSES,
    CheckIn,
    ExhibitorApplication,
    Fair,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    RefusalReason,
    RegistrationStatus,
    ScanResult,
    VisitorRegistration,
)
from marketplace.models import User

# People on the running fair's waiting list (it is sold out).
WAITING = 4
# Stable ids for the demo's scans (uuid5 of the fair and the ticket's position).
SCAN_NAMESPACE = uuid.UUID("6f1c1d2e-6b7a-4c55-9a56-0c2b8f5f7d10")
COMPANIES = (
    "Siêu thị Co.op Việt Trì",
    "Công ty TNHH Phân phối Hùng Vương",
    "Chuỗi cửa hàng Nông sản sạch Đất Tổ",
    "Công ty CP Xuất khẩu Chè Phú Thọ",
    "",
)


def _day_at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
    local = timezone.localtime(day)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _visitors(fair: Fair, n: int) -> list[User]:
    """buyer@demo.local, then storefront owners who do not exhibit at `fair` (by id)."""
    exhibiting = ExhibitorApplication.objects.filter(fair=fair).values("vendor_id")
    others = (
        User.objects.filter(email__startswith="vendor", email__endswith=f"@{DEMO_DOMAIN}")
        .exclude(vendor_memberships__vendor_id__in=exhibiting)
        .order_by("id")[: n - 1]
    )
    buyer = User.objects.filter(email=BUYER_EMAIL).first()
    return ([buyer] if buyer else []) + list(others)


def _registrations(
    fair: Fair, people: list[User], *, cancelled: int, checked_in: int, organizer: User | None
) -> list[VisitorRegistration]:
    registered_at = fair.registration_opens_at + dt.timedelta(hours=3)
    rows = []
    for i, person in enumerate(people):
        is_cancelled = 0 < i <= cancelled  # buyer@demo.local (first) keeps its ticket
        entered = checked_in > 0 and not is_cancelled and i < checked_in + cancelled
        entered_at = _day_at(fair.starts_at, 8, 5) + dt.timedelta(minutes=3 * i)
        rows.append(
            VisitorRegistration(
                fair=fair,
                user=person,
                token=tickets.token_new(),
                attendee_name=person.full_name or person.email,
                organization=COMPANIES[i % len(COMPANIES)],
                phone=person.phone,
                status=RegistrationStatus.CANCELLED if is_cancelled else RegistrationStatus.ACTIVE,
                status_reason="Bận công tác" if is_cancelled else "",
                cancelled_at=registered_at + dt.timedelta(days=2) if is_cancelled else None,
                checked_in_at=entered_at if entered else None,
                checked_in_by=organizer if entered else None,
                checked_in_device=("Cổng A" if i % 2 else "Cổng B") if entered else "",
            )
        )
    created = VisitorRegistration.objects.bulk_create(rows)
    for row in created:
        row.created_at = registered_at + dt.timedelta(minutes=row.pk % 600)
    VisitorRegistration.objects.bulk_update(created, ["created_at"])
    return created


def _scans(fair: Fair, registrations: list[VisitorRegistration], organizer: User | None) -> None:
    rows = []
    entered_regs = [(r, r.checked_in_at) for r in registrations if r.checked_in_at is not None]
    for i, (reg, entered) in enumerate(entered_regs):
        rows.append(
            CheckIn(
                scan_id=uuid.uuid5(SCAN_NAMESPACE, f"{fair.slug}/{reg.pk}"),
                fair=fair,
                registration=reg,
                result=ScanResult.ADMITTED,
                scanned_at=entered,
                device=reg.checked_in_device,
                scanned_by=organizer,
            )
        )
        if i == 0:  # the same person scanned again at the other gate
            rows.append(
                CheckIn(
                    scan_id=uuid.uuid5(SCAN_NAMESPACE, f"{fair.slug}/{reg.pk}/again"),
                    fair=fair,
                    registration=reg,
                    result=ScanResult.REPEAT,
                    scanned_at=entered + dt.timedelta(minutes=40),
                    device="Cổng A",
                    scanned_by=organizer,
                )
            )
    rows.append(
        CheckIn(
            scan_id=uuid.uuid5(SCAN_NAMESPACE, f"{fair.slug}/forged"),
            fair=fair,
            result=ScanResult.REFUSED,
            refusal=RefusalReason.INVALID_CODE,
            scanned_at=_day_at(fair.starts_at, 9, 12),
            device="Cổng B",
            scanned_by=organizer,
        )
    )
    CheckIn.objects.bulk_create(rows)


def _grid(
    fair: Fair, day: dt.datetime, tables: int
) -> tuple[list[MeetingSlot], list[MeetingTable]]:
    slots = MeetingSlot.objects.bulk_create(
        [
            MeetingSlot(
                fair=fair,
                starts_at=_day_at(day, 9) + dt.timedelta(minutes=20 * k),
                ends_at=_day_at(day, 9) + dt.timedelta(minutes=20 * (k + 1)),
            )
            for k in range(9)
        ]
    )
    made = MeetingTable.objects.bulk_create(
        [MeetingTable(fair=fair, name=f"B{k + 1:02d}", position=k + 1) for k in range(tables)]
    )
    return slots, made


def _exhibitors(fair: Fair, n: int) -> list[int]:
    return list(
        ExhibitorApplication.objects.filter(fair=fair, status__in=HOLDING_STATUSES)
        .order_by("id")
        .values_list("vendor_id", flat=True)[:n]
    )


def _meetings(
    fair: Fair,
    buyers: list[User],
    plan: Sequence[tuple[int, int, str, int | None, int | None]],
    slots: list[MeetingSlot],
    tables: list[MeetingTable],
    decided_by: User | None,
) -> None:
    """plan rows: (buyer index, exhibitor index, status, slot index, deal value)."""
    vendors = _exhibitors(fair, 20)
    if not vendors or not buyers:
        return
    table_of: dict[int, int] = {}  # slot index -> tables used so far
    rows = []
    for buyer_i, vendor_i, status, slot_i, deal in plan:
        booked = status in (MeetingStatus.ACCEPTED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
        slot = slots[slot_i] if booked and slot_i is not None else None
        table = None
        if slot is not None and slot_i is not None:
            used = table_of.get(slot_i, 0)
            table_of[slot_i] = used + 1
            table = tables[used % len(tables)]
        rows.append(
            Meeting(
                fair=fair,
                buyer=buyers[buyer_i % len(buyers)],
                vendor_id=vendors[vendor_i % len(vendors)],
                message="Chúng tôi muốn tìm nguồn hàng OCOP ổn định cho hệ thống cửa hàng.",
                status=status,
                status_reason={
                    MeetingStatus.DECLINED: "Sản lượng năm nay đã được đặt hết.",
                    MeetingStatus.CANCELLED: "Đổi lịch công tác.",
                }.get(MeetingStatus(status), ""),
                slot=slot,
                table=table,
                decided_by=decided_by if status != MeetingStatus.REQUESTED else None,
                decided_at=(
                    fair.registration_opens_at + dt.timedelta(days=3)
                    if status != MeetingStatus.REQUESTED
                    else None
                ),
                deal_signed=deal is not None,
                deal_value=deal,
                outcome_note="Ký biên bản ghi nhớ hợp tác." if deal else "",
            )
        )
    Meeting.objects.bulk_create(rows)


def _sold_out_with_a_line(
    fair: Fair, registrations: list[VisitorRegistration], waiting: list[User]
) -> None:
    """The running fair is sold out (its capacity is the tickets held) and people wait in line:
    a ticket cancelled in the demo goes to the first of them (D101)."""
    held = sum(1 for r in registrations if r.status == RegistrationStatus.ACTIVE)
    Fair.objects.filter(pk=fair.pk).update(visitor_capacity=held)
    fair.visitor_capacity = held
    joined = fair.starts_at - dt.timedelta(days=2)
    rows = VisitorRegistration.objects.bulk_create(
        [
            VisitorRegistration(
                fair=fair,
                user=person,
                token=tickets.token_new(),
                attendee_name=person.full_name or person.email,
                organization=COMPANIES[i % len(COMPANIES)],
                phone=person.phone,
                status=RegistrationStatus.WAITING,
                waitlisted_at=joined + dt.timedelta(minutes=7 * i),
            )
            for i, person in enumerate(waiting)
        ]
    )
    for i, row in enumerate(rows):
        row.created_at = joined + dt.timedelta(minutes=7 * i)
    VisitorRegistration.objects.bulk_update(rows, ["created_at"])


def demo_visitors_load(fairs: dict[str, Fair]) -> None:
    """Add visitors, scans, slots, tables and meetings to the demo fairs just created
    (`fairs` is what demo.fairs.demo_fairs_load returned; nothing happens when it is empty)."""
    if not fairs:
        return
    open_slug, running_slug, finished_slug = OPEN_SLUG, RUNNING_SLUG, DEMO_SLUGS[3]
    organizer = User.objects.filter(email=ORGANIZER_EMAIL).first()
    R, H, N, A = (
        MeetingStatus.REQUESTED,
        MeetingStatus.HELD,
        MeetingStatus.NO_SHOW,
        MeetingStatus.ACCEPTED,
    )
    D, C = MeetingStatus.DECLINED, MeetingStatus.CANCELLED

    if open_slug in fairs:
        fair = fairs[open_slug]
        people = _visitors(fair, 45)
        _registrations(fair, people, cancelled=3, checked_in=0, organizer=organizer)
        slots, tables = _grid(fair, fair.starts_at + dt.timedelta(days=1), tables=6)
        _meetings(
            fair,
            people,
            [
                (0, 0, A, 0, None),  # buyer@demo.local: booked for 09:00 at B01
                (0, 1, R, None, None),  # … and waiting for an answer from another exhibitor
                (0, 2, D, None, None),
                (1, 0, A, 1, None),
                (2, 3, A, 0, None),
                (3, 4, R, None, None),
                (4, 5, R, None, None),
                (5, 6, C, None, None),
                (6, 1, A, 2, None),
            ],
            slots,
            tables,
            organizer,
        )

    if running_slug in fairs:
        fair = fairs[running_slug]
        people = _visitors(fair, 60 + WAITING)
        regs = _registrations(fair, people[:60], cancelled=2, checked_in=35, organizer=organizer)
        _scans(fair, regs, organizer)
        _sold_out_with_a_line(fair, regs, people[60:])
        past, tables = _grid(fair, fair.starts_at, tables=5)
        future = MeetingSlot.objects.bulk_create(
            [
                MeetingSlot(
                    fair=fair,
                    starts_at=s.starts_at + dt.timedelta(days=2),
                    ends_at=s.ends_at + dt.timedelta(days=2),
                )
                for s in past
            ]
        )
        slots = past + future
        _meetings(
            fair,
            people,
            [
                (0, 0, H, 0, 350_000_000),  # buyer@demo.local: held yesterday, deal signed
                (0, 1, A, 10, None),  # … and booked for the day after tomorrow
                (1, 2, H, 0, 80_000_000),
                (2, 3, H, 1, None),
                (3, 4, N, 1, None),
                (4, 5, H, 2, 125_000_000),
                (5, 6, N, 3, None),
                (6, 7, A, 11, None),
                (7, 8, R, None, None),
                (8, 9, D, None, None),
            ],
            slots,
            tables,
            organizer,
        )

    if finished_slug in fairs:
        fair = fairs[finished_slug]
        people = _visitors(fair, 80)
        regs = _registrations(fair, people, cancelled=4, checked_in=58, organizer=organizer)
        _scans(fair, regs, organizer)
        slots, tables = _grid(fair, fair.starts_at, tables=8)
        plan = [
            (
                i + 1,
                i,
                H if i % 4 else N,
                i % len(slots),
                (i + 1) * 40_000_000 if i % 3 == 0 else None,
            )
            for i in range(10)
        ]
        plan = [(b, v, s, k, d if s == H else None) for b, v, s, k, d in plan]
        _meetings(fair, people, plan, slots, tables, organizer)


def demo_visitors_summary() -> list[str]:
    regs = VisitorRegistration.objects.aggregate(
        total=Count("id"), checked_in=Count("checked_in_at")
    )
    meetings = dict(
        Meeting.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [
        f"Visitor tickets: {regs['total']} ({regs['checked_in']} checked in); "
        f"B2B meetings: "
        + ", ".join(f"{meetings.get(s, 0)} {s.value.replace('_', ' ')}" for s in MeetingStatus)
    ]
