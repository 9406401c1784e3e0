"""B2B matchmaking (services): slots, tables, request, accept or decline, outcome; no overlap."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Conflict, NotAllowed, TransitionError, ValidationFailed
from core.models import AuditLog
from fairs.models import Meeting, MeetingSlot, MeetingStatus
from fairs.services import meetings as svc
from fairs.services import schedule
from tests.factories import MembershipFactory, UserFactory
from tests.factories.fairs import ExhibitorApplicationFactory
from tests.factories.fairs_visitors import MeetingFactory, SlotFactory, TableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibitor(fair, vendor):
    ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=vendor)
    return vendor


@pytest.fixture
def other_exhibitor(fair, other_vendor):
    ExhibitorApplicationFactory(fair=fair, booth_type__fair=fair, vendor=other_vendor)
    return other_vendor


@pytest.fixture
def slots(fair):
    return [SlotFactory(fair=fair) for _ in range(3)]


@pytest.fixture
def tables(fair):
    return [TableFactory(fair=fair, name=f"B0{i}", position=i) for i in (1, 2)]


def _request(fair, vendor, buyer=None, **kw):
    return svc.meeting_request(fair=fair, vendor=vendor, actor=buyer or UserFactory(), **kw)


# --- slots and tables ------------------------------------------------------------------------


def test_generate_slots_every_20_minutes(fair, organizer):
    day = timezone.localtime(fair.starts_at).date() + dt.timedelta(days=1)
    made = schedule.slot_generate(
        fair=fair,
        day=day,
        start=dt.time(9, 0),
        end=dt.time(12, 0),
        every_minutes=20,
        actor=organizer,
    )
    assert len(made) == 9
    first, last = timezone.localtime(made[0].starts_at), timezone.localtime(made[-1].ends_at)
    assert (first.hour, first.minute) == (9, 0)
    assert (last.hour, last.minute) == (12, 0)
    assert str(first.tzinfo) == "Asia/Ho_Chi_Minh"
    # Running it again adds nothing; a shifted grid would overlap and is refused whole.
    assert (
        schedule.slot_generate(
            fair=fair, day=day, start=dt.time(9), end=dt.time(12), every_minutes=20, actor=organizer
        )
        == []
    )
    with pytest.raises(Conflict) as exc:
        schedule.slot_generate(
            fair=fair,
            day=day,
            start=dt.time(11, 50),
            end=dt.time(13, 0),
            every_minutes=20,
            actor=organizer,
        )
    assert exc.value.code == "slot_overlap"
    assert MeetingSlot.objects.filter(fair=fair).count() == 9


def test_slot_generation_refusals(fair, organizer, other_organizer):
    day = timezone.localtime(fair.starts_at).date() + dt.timedelta(days=1)
    with pytest.raises(NotAllowed):
        schedule.slot_generate(
            fair=fair,
            day=day,
            start=dt.time(9),
            end=dt.time(12),
            every_minutes=20,
            actor=other_organizer,
        )
    with pytest.raises(ValidationFailed):  # outside the fair
        schedule.slot_generate(
            fair=fair,
            day=day + dt.timedelta(days=30),
            start=dt.time(9),
            end=dt.time(12),
            every_minutes=20,
            actor=organizer,
        )
    with pytest.raises(ValidationFailed):  # longer than the step: slots would overlap
        schedule.slot_generate(
            fair=fair,
            day=day,
            start=dt.time(9),
            end=dt.time(12),
            every_minutes=20,
            duration_minutes=30,
            actor=organizer,
        )
    assert not MeetingSlot.objects.exists()


def test_tables_generated_after_the_existing_ones(fair, organizer):
    schedule.table_create(fair=fair, name="B01", actor=organizer)
    made = schedule.table_generate(fair=fair, count=3, prefix="B", actor=organizer)
    assert [t.name for t in made] == ["B02", "B03", "B04"]
    with pytest.raises(Conflict):
        schedule.table_create(fair=fair, name="B02", actor=organizer)


def test_a_slot_with_meetings_cannot_be_deleted(fair, organizer, exhibitor, slots, tables):
    meeting = _request(fair, exhibitor)
    svc.meeting_accept(meeting=meeting, slot=slots[0], actor=organizer)
    with pytest.raises(Conflict):
        schedule.slot_delete(slot=slots[0], actor=organizer)
    schedule.slot_delete(slot=slots[1], actor=organizer)
    assert MeetingSlot.objects.filter(fair=fair).count() == 2


# --- requests --------------------------------------------------------------------------------


def test_request_emails_the_exhibitor(
    fair, exhibitor, owner, buyer, slots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _request(
            fair, exhibitor, buyer, message="Nhập 2 tấn mì gạo", preferred_slots=slots[:2]
        )
    assert meeting.status == MeetingStatus.REQUESTED
    assert set(meeting.preferred_slots.all()) == set(slots[:2])
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Nhập 2 tấn mì gạo" in mail.outbox[0].body


def test_request_refusals(fair, exhibitor, owner, buyer, other_vendor):
    with pytest.raises(ValidationFailed) as exc:  # not an exhibitor of this fair
        _request(fair, other_vendor, buyer)
    assert "vendor" in exc.value.errors
    with pytest.raises(ValidationFailed):  # a member cannot meet their own storefront
        _request(fair, exhibitor, owner)
    with pytest.raises(ValidationFailed):  # a slot of another fair
        _request(fair, exhibitor, buyer, preferred_slots=[SlotFactory()])
    _request(fair, exhibitor, buyer)
    with pytest.raises(Conflict) as exc:  # one open request per buyer and exhibitor
        _request(fair, exhibitor, buyer)
    assert exc.value.code == "meeting_already_requested"
    assert Meeting.objects.count() == 1


def test_waitlisted_applicant_is_not_an_exhibitor(fair, buyer):
    waiting = ExhibitorApplicationFactory(
        fair=fair, booth_type__fair=fair, status="waitlisted", decided_at=None
    )
    with pytest.raises(ValidationFailed):
        _request(fair, waiting.vendor, buyer)


# --- accept / decline ------------------------------------------------------------------------


def test_accept_books_the_first_free_table_and_emails_the_buyer(
    fair, exhibitor, owner, buyer, slots, tables, django_capture_on_commit_callbacks
):
    meeting = _request(fair, exhibitor, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = svc.meeting_accept(meeting=meeting, slot=slots[0], actor=owner)
    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.table == tables[0]
    assert meeting.decided_by == owner
    assert mail.outbox[-1].to == [buyer.email]
    assert "B01" in mail.outbox[-1].body
    entry = AuditLog.objects.get(action="fairs.meeting.accepted")
    assert (entry.from_state, entry.to_state, entry.actor) == ("requested", "accepted", owner)

    # Another buyer in the same slot with the same exhibitor: the exhibitor is busy.
    second = _request(fair, exhibitor)
    with pytest.raises(Conflict) as exc:
        svc.meeting_accept(meeting=second, slot=slots[0], actor=owner)
    assert exc.value.code == "exhibitor_busy"
    second.refresh_from_db()
    assert second.status == MeetingStatus.REQUESTED and second.slot is None


def test_buyer_busy_and_table_taken(
    fair, exhibitor, other_exhibitor, owner, other_owner, buyer, slots, tables
):
    first = _request(fair, exhibitor, buyer)
    svc.meeting_accept(meeting=first, slot=slots[0], actor=owner, table=tables[1])
    same_buyer = _request(fair, other_exhibitor, buyer)
    with pytest.raises(Conflict) as exc:
        svc.meeting_accept(meeting=same_buyer, slot=slots[0], actor=other_owner)
    assert exc.value.code == "buyer_busy"
    other_buyer = _request(fair, other_exhibitor)
    with pytest.raises(Conflict) as exc:
        svc.meeting_accept(meeting=other_buyer, slot=slots[0], actor=other_owner, table=tables[1])
    assert exc.value.code == "table_taken"
    # Left to choose, it gets the free table.
    booked = svc.meeting_accept(meeting=other_buyer, slot=slots[0], actor=other_owner)
    assert booked.table == tables[0]


def test_no_table_free(fair, exhibitor, other_exhibitor, owner, other_owner, slots):
    TableFactory(fair=fair, name="B01")
    svc.meeting_accept(meeting=_request(fair, exhibitor), slot=slots[0], actor=owner)
    with pytest.raises(Conflict) as exc:
        svc.meeting_accept(
            meeting=_request(fair, other_exhibitor), slot=slots[0], actor=other_owner
        )
    assert exc.value.code == "no_table_free"


def test_inactive_tables_get_no_meetings(fair, organizer, exhibitor, owner, slots):
    table = TableFactory(fair=fair)
    schedule.table_set_active(table=table, is_active=False, actor=organizer)
    with pytest.raises(Conflict) as exc:
        svc.meeting_accept(meeting=_request(fair, exhibitor), slot=slots[0], actor=owner)
    assert exc.value.code == "no_table_free"


def test_only_the_exhibitor_side_accepts_or_declines(
    fair, exhibitor, other_owner, buyer, slots, tables, organizer
):
    meeting = _request(fair, exhibitor, buyer)
    for actor in (buyer, other_owner, UserFactory()):
        with pytest.raises(NotAllowed):
            svc.meeting_accept(meeting=meeting, slot=slots[0], actor=actor)
        with pytest.raises(NotAllowed):
            svc.meeting_decline(meeting=meeting, actor=actor, reason="x")
    # A staff member of the storefront and the organizer may.
    staff = MembershipFactory(vendor=exhibitor, role="staff").user
    assert svc.meeting_accept(meeting=meeting, slot=slots[0], actor=staff).status == "accepted"
    other = _request(fair, exhibitor)
    assert (
        svc.meeting_decline(meeting=other, actor=organizer, reason="Hết lịch").status == "declined"
    )


def test_slot_and_table_must_belong_to_the_fair(fair, exhibitor, owner, slots, tables):
    meeting = _request(fair, exhibitor)
    with pytest.raises(ValidationFailed):
        svc.meeting_accept(meeting=meeting, slot=SlotFactory(), actor=owner)
    with pytest.raises(ValidationFailed):
        svc.meeting_accept(meeting=meeting, slot=slots[0], table=TableFactory(), actor=owner)


def test_decline_needs_a_reason_and_emails_the_buyer(
    fair, exhibitor, owner, buyer, django_capture_on_commit_callbacks
):
    meeting = _request(fair, exhibitor, buyer)
    with pytest.raises(ValidationFailed):
        svc.meeting_decline(meeting=meeting, actor=owner, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_decline(meeting=meeting, actor=owner, reason="Đã đủ đơn hàng quý này")
    assert mail.outbox[-1].to == [buyer.email]
    assert "Đã đủ đơn hàng quý này" in mail.outbox[-1].body
    with pytest.raises(Conflict):  # a declined request cannot be accepted afterwards
        svc.meeting_accept(meeting=meeting, slot=SlotFactory(fair=fair), actor=owner)


def test_cancel_frees_the_slot(fair, exhibitor, owner, buyer, slots, tables):
    meeting = svc.meeting_accept(
        meeting=_request(fair, exhibitor, buyer), slot=slots[0], actor=owner
    )
    with pytest.raises(NotAllowed):
        svc.meeting_cancel(meeting=meeting, actor=UserFactory())
    svc.meeting_cancel(meeting=meeting, actor=buyer, reason="Đổi lịch bay")
    again = svc.meeting_accept(meeting=_request(fair, exhibitor, buyer), slot=slots[0], actor=owner)
    assert again.table == tables[0]
    with pytest.raises(TransitionError):
        svc.meeting_cancel(meeting=meeting, actor=buyer)


def test_past_slot_cannot_be_booked(fair, exhibitor, owner, tables):
    slot = SlotFactory(fair=fair)
    meeting = _request(fair, exhibitor)
    with (
        time_machine.travel(slot.starts_at + dt.timedelta(minutes=1)),
        pytest.raises(Conflict) as exc,
    ):
        svc.meeting_accept(meeting=meeting, slot=slot, actor=owner)
    assert exc.value.code == "slot_past"


# --- outcomes --------------------------------------------------------------------------------


def test_outcome_after_the_slot_with_a_deal(fair, exhibitor, owner, buyer, slots, tables):
    meeting = svc.meeting_accept(
        meeting=_request(fair, exhibitor, buyer), slot=slots[0], actor=owner
    )
    with pytest.raises(Conflict) as exc:
        svc.meeting_record_outcome(meeting=meeting, outcome="held", actor=owner)
    assert exc.value.code == "slot_not_started"
    with time_machine.travel(slots[0].ends_at):
        with pytest.raises(ValidationFailed):
            svc.meeting_record_outcome(meeting=meeting, outcome="held", deal_value=5, actor=owner)
        with pytest.raises(ValidationFailed):
            svc.meeting_record_outcome(
                meeting=meeting, outcome="no_show", deal_signed=True, actor=owner
            )
        with pytest.raises(NotAllowed):
            svc.meeting_record_outcome(meeting=meeting, outcome="held", actor=UserFactory())
        held = svc.meeting_record_outcome(
            meeting=meeting,
            outcome="held",
            deal_signed=True,
            deal_value=250_000_000,
            note="Ký biên bản ghi nhớ",
            actor=owner,
        )
    assert (held.status, held.deal_signed, held.deal_value) == ("held", True, 250_000_000)
    with pytest.raises(TransitionError):
        svc.meeting_record_outcome(meeting=held, outcome="no_show", actor=owner)


def test_no_show(fair, exhibitor, owner, buyer, slots, tables):
    meeting = svc.meeting_accept(
        meeting=_request(fair, exhibitor, buyer), slot=slots[0], actor=owner
    )
    with time_machine.travel(slots[0].ends_at):
        out = svc.meeting_record_outcome(meeting=meeting, outcome="no_show", actor=buyer)
    assert out.status == MeetingStatus.NO_SHOW


def test_a_request_has_no_outcome(fair, exhibitor, owner):
    meeting = _request(fair, exhibitor)
    with pytest.raises(TransitionError):
        svc.meeting_record_outcome(meeting=meeting, outcome="held", actor=owner)


# --- the database backs the service ----------------------------------------------------------


@pytest.mark.parametrize("clash", ["buyer", "vendor", "table"])
def test_constraints_refuse_a_double_booking_written_directly(clash, fair, slots):
    table_a, table_b = TableFactory(fair=fair), TableFactory(fair=fair)
    first = MeetingFactory(fair=fair, status="accepted", slot=slots[0], table=table_a)
    kwargs = {"fair": fair, "status": "accepted", "slot": slots[0], "table": table_b}
    if clash == "buyer":
        kwargs["buyer"] = first.buyer
    elif clash == "vendor":
        kwargs["vendor"] = first.vendor
    else:
        kwargs["table"] = table_a
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(**kwargs)
    # A cancelled meeting does not occupy the slot.
    MeetingFactory(**{**kwargs, "status": "cancelled"})


def test_booked_needs_slot_and_table(fair):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(fair=fair, status="accepted")
