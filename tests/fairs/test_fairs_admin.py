"""The fairs admin: organizers see only their fairs; actions call the services (reasons asked,
waitlist promoted, refusals reported); booth types edited inline; exports from the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from fairs.models import ApplicationStatus, BoothType, ExhibitorApplication, Fair, FairStatus
from tests.factories.fairs import ExhibitorApplicationFactory, FairFactory

pytestmark = pytest.mark.django_db

FAIRS_URL = reverse("admin:fairs_fair_changelist")
APPS_URL = reverse("admin:fairs_exhibitorapplication_changelist")


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


def test_organizer_sees_only_its_fairs(org_admin, fair, other_organizer):
    FairFactory(name="Hội chợ của người khác", organizers=[other_organizer])
    page = org_admin.get(FAIRS_URL)
    assert page.status_code == 200
    assert fair.name in page.content.decode()
    assert "Hội chợ của người khác" not in page.content.decode()


def test_reject_asks_for_a_reason_then_calls_the_service(mod_admin, fair, standard_booth):
    app = ExhibitorApplicationFactory(booth_type=standard_booth, status=ApplicationStatus.SUBMITTED)
    data = {"action": "reject", ACTION_CHECKBOX_NAME: [app.pk]}
    page = mod_admin.post(APPS_URL, data)
    assert page.status_code == 200 and "reason" in page.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted"
    done = mod_admin.post(APPS_URL, {**data, "post": "yes", "reason": "Không đúng ngành hàng"})
    assert done.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.status_reason) == ("rejected", "Không đúng ngành hàng")
    assert AuditLog.objects.filter(action="fairs.application.rejected").count() == 1


def test_cancel_action_promotes_the_waiting_list(org_admin, fair, corner_booth):
    held = ExhibitorApplicationFactory(booth_type=corner_booth)
    waiting = ExhibitorApplicationFactory(booth_type=corner_booth, status="waitlisted")
    response = org_admin.post(
        APPS_URL,
        {"action": "cancel", ACTION_CHECKBOX_NAME: [held.pk], "post": "yes", "reason": "Rút lui"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.APPROVED


def test_illegal_move_is_reported_not_applied(mod_admin, fair, standard_booth):
    app = ExhibitorApplicationFactory(booth_type=standard_booth, status="rejected")
    response = mod_admin.post(APPS_URL, {"action": "confirm", ACTION_CHECKBOX_NAME: [app.pk]})
    assert any("rejected" in m or "từ chối" in m.lower() for m in _messages(response))
    app.refresh_from_db()
    assert app.status == "rejected"


SHOWCASE_MANAGEMENT = {
    "showcase_items-TOTAL_FORMS": "0",
    "showcase_items-INITIAL_FORMS": "0",
    "showcase_items-MIN_NUM_FORMS": "0",
    "showcase_items-MAX_NUM_FORMS": "1000",
}


def test_booth_number_is_saved_through_the_service(org_admin, fair, standard_booth):
    first = ExhibitorApplicationFactory(booth_type=standard_booth, booth_number="A1")
    second = ExhibitorApplicationFactory(booth_type=standard_booth)
    url = reverse("admin:fairs_exhibitorapplication_change", args=[second.pk])
    response = org_admin.post(url, {"booth_number": "A1", **SHOWCASE_MANAGEMENT})
    second.refresh_from_db()
    assert second.booth_number == ""
    assert any(first.vendor.display_name in m for m in _messages(response))
    org_admin.post(url, {"booth_number": "A2", **SHOWCASE_MANAGEMENT})
    second.refresh_from_db()
    assert second.booth_number == "A2"


def test_export_actions(org_admin, fair, standard_booth, other_organizer):
    app = ExhibitorApplicationFactory(booth_type=standard_booth, booth_number="B2")
    csv_response = org_admin.post(
        APPS_URL, {"action": "export_csv", ACTION_CHECKBOX_NAME: [app.pk]}
    )
    assert csv_response.status_code == 200
    assert "B2" in csv_response.content.decode("utf-8-sig")
    xlsx = org_admin.post(APPS_URL, {"action": "export_xlsx", ACTION_CHECKBOX_NAME: [app.pk]})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_organizer_creates_a_fair_with_booth_types(org_admin, organizer):
    now = timezone.localtime().replace(second=0, microsecond=0)
    fmt = lambda d: (d.strftime("%Y-%m-%d"), d.strftime("%H:%M:%S"))  # noqa: E731
    data = {
        "name": "Hội chợ Xuân Việt Trì",
        "kind": "physical",
        "venue": "Công viên Văn Lang",
        "province": 25,
        "approval_mode": "automatic",
    }
    for field, delta in (
        ("registration_opens_at", 0),
        ("registration_closes_at", 10),
        ("starts_at", 12),
        ("ends_at", 14),
    ):
        day, time = fmt(now + dt.timedelta(days=delta))
        data[f"{field}_0"], data[f"{field}_1"] = day, time
    data.update(
        {
            "booth_types-TOTAL_FORMS": "1",
            "booth_types-INITIAL_FORMS": "0",
            "booth_types-MIN_NUM_FORMS": "0",
            "booth_types-MAX_NUM_FORMS": "1000",
            "booth_types-0-name": "Gian tiêu chuẩn",
            "booth_types-0-size": "3m × 3m",
            "booth_types-0-price": "3000000",
            "booth_types-0-count": "30",
            "booth_types-0-position": "0",
        }
    )
    response = org_admin.post(reverse("admin:fairs_fair_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    fair = Fair.objects.get(name="Hội chợ Xuân Việt Trì")
    assert fair.status == FairStatus.DRAFT
    assert list(fair.organizers.all()) == [organizer]
    assert list(BoothType.objects.filter(fair=fair).values_list("name", "count")) == [
        ("Gian tiêu chuẩn", 30)
    ]
    assert AuditLog.objects.filter(action="fairs.booth_type.created").count() == 1
    opened = org_admin.post(FAIRS_URL, {"action": "open_fairs", ACTION_CHECKBOX_NAME: [fair.pk]})
    assert opened.status_code == 302
    fair.refresh_from_db()
    assert fair.status == FairStatus.OPEN
    assert ExhibitorApplication.objects.count() == 0


def test_organizer_opens_its_fair_page_but_not_another(org_admin, fair, other_organizer):
    mine = org_admin.get(reverse("admin:fairs_fair_change", args=[fair.pk]))
    assert mine.status_code == 200 and fair.name in mine.content.decode()
    theirs = FairFactory(organizers=[other_organizer])
    response = org_admin.get(reverse("admin:fairs_fair_change", args=[theirs.pk]))
    assert response.status_code == 302  # "does not exist" → back to the list
    assert org_admin.get(reverse("admin:marketplace_vendor_changelist")).status_code == 403
