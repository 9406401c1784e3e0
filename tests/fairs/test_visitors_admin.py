"""Admin for visitors, scans, matchmaking and reports: scoped to the organizer's fairs, search by
ticket code, actions through the services, read-only scans, report exports."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditLog
from fairs.models import CheckIn, Meeting, MeetingSlot, MeetingTable, RegistrationStatus
from tests.factories.fairs import FairFactory
from tests.factories.fairs_visitors import (
    MeetingFactory,
    RegistrationFactory,
    SlotFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db

REGS_URL = reverse("admin:fairs_visitorregistration_changelist")
SCANS_URL = reverse("admin:fairs_checkin_changelist")
SLOTS_URL = reverse("admin:fairs_meetingslot_changelist")
TABLES_URL = reverse("admin:fairs_meetingtable_changelist")
MEETINGS_URL = reverse("admin:fairs_meeting_changelist")
REPORTS_URL = reverse("admin:fairs_fairreport_changelist")


@pytest.fixture
def org_admin(organizer) -> Client:
    organizer.is_staff = True
    organizer.save()
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def mod_admin(moderator) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_organizer_sees_only_registrations_of_its_fairs(org_admin, fair, other_organizer):
    mine = RegistrationFactory(fair=fair, attendee_name="Khách của tôi")
    RegistrationFactory(
        fair=FairFactory(organizers=[other_organizer]), attendee_name="Khách hội chợ khác"
    )
    page = org_admin.get(REGS_URL).content.decode()
    assert mine.attendee_name in page
    assert "Khách hội chợ khác" not in page


def test_search_by_email_and_by_scanned_code(mod_admin, fair):
    a = RegistrationFactory(fair=fair, attendee_name="Người A")
    b = RegistrationFactory(fair=fair, attendee_name="Người B")
    page = mod_admin.get(REGS_URL, {"q": a.code}).content.decode()
    assert "Người A" in page and "Người B" not in page
    page = mod_admin.get(REGS_URL, {"q": b.user.email}).content.decode()
    assert "Người B" in page and "Người A" not in page


def test_cancel_action_asks_a_reason_and_uses_the_service(mod_admin, fair):
    reg = RegistrationFactory(fair=fair)
    used = RegistrationFactory(fair=fair, checked_in_at=timezone.now())
    data = {"action": "cancel", ACTION_CHECKBOX_NAME: [reg.pk, used.pk]}
    page = mod_admin.post(REGS_URL, data)
    assert page.status_code == 200 and "reason" in page.content.decode()
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.ACTIVE
    done = mod_admin.post(REGS_URL, {**data, "post": "yes", "reason": "Đăng ký trùng"}, follow=True)
    reg.refresh_from_db()
    used.refresh_from_db()
    assert reg.status == RegistrationStatus.CANCELLED
    assert used.status == RegistrationStatus.ACTIVE  # a used ticket is refused, and said so
    assert any(str(used) in m for m in _messages(done))
    assert AuditLog.objects.filter(action="fairs.registration.cancelled").count() == 1


def test_scans_are_read_only(mod_admin, fair, moderator):
    reg = RegistrationFactory(fair=fair)
    scan = CheckIn.objects.create(
        fair=fair, registration=reg, result="admitted", scanned_at=timezone.now()
    )
    assert mod_admin.get(SCANS_URL).status_code == 200
    change = reverse("admin:fairs_checkin_change", args=[scan.pk])
    page = mod_admin.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert mod_admin.get(reverse("admin:fairs_checkin_add")).status_code == 403


def test_slot_and_table_added_through_the_services(org_admin, fair):
    start = timezone.localtime(fair.starts_at) + timezone.timedelta(hours=2)
    r = org_admin.post(
        reverse("admin:fairs_meetingslot_add"),
        {
            "fair": fair.pk,
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "duration_minutes": 30,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    slot = MeetingSlot.objects.get(fair=fair)
    assert (slot.ends_at - slot.starts_at).total_seconds() == 1800
    assert AuditLog.objects.filter(action="fairs.meeting_slot.created").exists()
    r = org_admin.post(
        reverse("admin:fairs_meetingtable_add"),
        {"fair": fair.pk, "name": "Bàn 1", "position": 1, "is_active": "on"},
    )
    assert r.status_code == 302
    assert MeetingTable.objects.get(fair=fair).name == "Bàn 1"


def test_organizer_cannot_add_slots_to_another_fair(org_admin, other_organizer):
    theirs = FairFactory(organizers=[other_organizer])
    start = timezone.localtime(theirs.starts_at)
    r = org_admin.post(
        reverse("admin:fairs_meetingslot_add"),
        {
            "fair": theirs.pk,
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "duration_minutes": 20,
        },
    )
    assert r.status_code == 200  # the form refuses: that fair is not a choice
    assert not MeetingSlot.objects.exists()


def test_slot_with_meetings_is_not_deleted(mod_admin, fair):
    busy, free = SlotFactory(fair=fair), SlotFactory(fair=fair)
    MeetingFactory(fair=fair, status="accepted", slot=busy, table=TableFactory(fair=fair))
    r = mod_admin.post(
        SLOTS_URL, {"action": "delete_slots", ACTION_CHECKBOX_NAME: [busy.pk, free.pk]}, follow=True
    )
    assert r.status_code == 200
    assert list(MeetingSlot.objects.values_list("pk", flat=True)) == [busy.pk]


def test_decline_meetings_action(mod_admin, fair):
    meeting = MeetingFactory(fair=fair)
    data = {"action": "decline", ACTION_CHECKBOX_NAME: [meeting.pk]}
    mod_admin.post(MEETINGS_URL, {**data, "post": "yes", "reason": "Đơn vị không tham dự"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason) == ("declined", "Đơn vị không tham dự")
    assert Meeting.objects.count() == 1


def test_report_list_and_export(org_admin, fair, other_organizer):
    RegistrationFactory(fair=fair, checked_in_at=timezone.now())
    RegistrationFactory(fair=fair)
    FairFactory(name="Hội chợ khác", organizers=[other_organizer])
    page = org_admin.get(REPORTS_URL).content.decode()
    assert fair.name in page and "Hội chợ khác" not in page
    r = org_admin.post(REPORTS_URL, {"action": "export_xlsx", ACTION_CHECKBOX_NAME: [fair.pk]})
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith(f'"{fair.slug}-report.xlsx"')
    book = load_workbook(io.BytesIO(r.content))
    assert book.worksheets[0].cell(row=2, column=2).value == fair.name
    r = org_admin.post(REPORTS_URL, {"action": "export_csv", ACTION_CHECKBOX_NAME: [fair.pk]})
    assert r["Content-Type"].startswith("text/csv")


def test_buyer_has_no_admin(client, buyer):
    client.force_login(buyer)
    assert client.get(REGS_URL).status_code == 302


def test_every_page_renders(mod_admin, fair):
    slot, table = SlotFactory(fair=fair), TableFactory(fair=fair)
    meeting, reg = MeetingFactory(fair=fair), RegistrationFactory(fair=fair)
    pages = [
        ("meetingslot", slot),
        ("meetingtable", table),
        ("meeting", meeting),
        ("visitorregistration", reg),
        ("fairreport", fair),
    ]
    for name, obj in pages:
        assert mod_admin.get(reverse(f"admin:fairs_{name}_changelist")).status_code == 200, name
        change = reverse(f"admin:fairs_{name}_change", args=[obj.pk])
        assert mod_admin.get(change).status_code == 200, name
