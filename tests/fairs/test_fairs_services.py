"""Fair services: who may create and manage, what each status allows, audited moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import Conflict, NotAllowed, TransitionError, ValidationFailed
from core.models import AuditLog
from fairs.models import FairStatus
from fairs.services.fairs import (
    booth_type_create,
    fair_cancel,
    fair_close,
    fair_create,
    fair_finish,
    fair_open,
    fair_start,
    fair_update,
)
from tests.factories.fairs import BoothTypeFactory, FairFactory

pytestmark = pytest.mark.django_db


def _fields(**extra):
    now = timezone.now()
    fields = {
        "name": "Applications",
        "kind": "online",
        "online_url": "https://hoicho.example.vn",
        "registration_opens_at": now,
        "registration_closes_at": now + dt.timedelta(days=2),
        "starts_at": now + dt.timedelta(days=3),
        "ends_at": now + dt.timedelta(days=4),
    }
    fields.update(extra)
    return fields


def test_only_organizers_and_moderators_create(buyer, organizer, moderator):
    with pytest.raises(NotAllowed):
        fair_create(actor=buyer, **_fields())
    fair = fair_create(actor=organizer, **_fields())
    # a path segment of the API is never a fair slug
    assert fair.slug != "applications" and fair.slug.startswith("applications")
    assert fair_create(actor=moderator, organizers=[organizer], **_fields()).status == "draft"


def test_naive_times_are_refused(organizer):
    with pytest.raises(ValidationFailed) as refused:
        fair_create(actor=organizer, **_fields(starts_at=dt.datetime(2026, 5, 1, 8)))  # noqa: DTZ001
    assert "starts_at" in refused.value.errors


def test_another_organizer_cannot_manage(fair, other_organizer):
    with pytest.raises(NotAllowed):
        fair_update(fair=fair, actor=other_organizer, name="Đổi tên")
    with pytest.raises(NotAllowed):
        fair_close(fair=fair, actor=other_organizer)
    fair.refresh_from_db()
    assert fair.status == FairStatus.OPEN


def test_the_whole_lifecycle_is_audited_and_illegal_moves_refused(organizer):
    fair = FairFactory(status=FairStatus.DRAFT, organizers=[organizer])
    BoothTypeFactory(fair=fair)
    with pytest.raises(TransitionError):
        fair_start(fair=fair, actor=organizer)
    for move in (fair_open, fair_close, fair_start, fair_finish):
        fair = move(fair=fair, actor=organizer)
    assert fair.status == FairStatus.FINISHED
    with pytest.raises(TransitionError):
        fair_cancel(fair=fair, actor=organizer, reason="Quá muộn")
    with pytest.raises(Conflict):
        fair_update(fair=fair, actor=organizer, description="Sửa sau khi kết thúc")
    with pytest.raises(Conflict):
        booth_type_create(fair=fair, actor=organizer, name="Thêm", price=0, count=1)
    moves = AuditLog.objects.filter(target_id=str(fair.pk)).values_list("from_state", "to_state")
    assert list(moves.order_by("id")) == [
        ("draft", "open"),
        ("open", "closed"),
        ("closed", "running"),
        ("running", "finished"),
    ]
