"""Exhibitor applications through the services: holding booths, the waiting list in order,
eligibility with reasons, cancellation and promotion, booth numbers, notifications."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from core.errors import Conflict, NotAllowed, TransitionError, ValidationFailed
from core.models import AuditLog
from fairs.models import ApplicationStatus, ApprovalMode, ExhibitorApplication, FairStatus
from fairs.services.exhibitors.applications import (
    application_approve,
    application_cancel,
    application_check_in,
    application_confirm,
    application_reject,
    application_submit,
)
from fairs.services.exhibitors.booths import application_assign_booth
from fairs.services.exhibitors.showcase import application_update
from fairs.services.fairs import booth_type_update, fair_cancel
from marketplace.models import VendorStatus
from search.models import IndexQueue
from tests.factories import (
    CertificateFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
    category,
)

pytestmark = pytest.mark.django_db


def _exhibitor(n: int):
    owner = UserFactory(email=f"owner{n}@example.vn")
    vendor = VendorFactory(slug=f"exhibitor-{n}")
    MembershipFactory(vendor=vendor, user=owner)
    return owner, vendor, ProductFactory(vendor=vendor)


def _submit(fair, booth_type, owner, vendor, products, **extra):
    return application_submit(
        fair=fair,
        vendor=vendor,
        booth_type=booth_type,
        actor=owner,
        product_ids=[p.pk for p in products],
        contact_name="Nguyễn Thị Hoa",
        contact_phone="0912345678",
        contact_email=f"contact@{vendor.slug}.vn",
        **extra,
    )


def test_booths_are_held_while_they_last_then_applications_wait_in_order(fair, standard_booth):
    apps = []
    for n in range(5):
        owner, vendor, product = _exhibitor(n)
        apps.append(_submit(fair, standard_booth, owner, vendor, [product]))
    assert [a.status for a in apps] == ["approved"] * 3 + ["waitlisted"] * 2
    assert apps[3].waitlisted_at <= apps[4].waitlisted_at
    assert AuditLog.objects.filter(action="fairs.application.waitlisted").count() == 2


def test_cancel_frees_the_booth_and_promotes_the_first_waiting(fair, standard_booth, corner_booth):
    apps = []
    for n in range(5):
        owner, vendor, product = _exhibitor(n)
        apps.append((owner, _submit(fair, standard_booth, owner, vendor, [product])))
    owner0, first = apps[0]
    mail.outbox.clear()
    application_cancel(application=first, actor=owner0, reason="Không sắp xếp được nhân sự")
    statuses = {a.pk: a.status for a in ExhibitorApplication.objects.all()}
    assert statuses[first.pk] == "cancelled"
    assert statuses[apps[3][1].pk] == "approved"  # the first in line
    assert statuses[apps[4][1].pk] == "waitlisted"  # still waiting
    assert AuditLog.objects.filter(
        action="fairs.application.promoted", target_id=str(apps[3][1].pk)
    ).exists()


def test_promotion_is_strict_first_come_first_served(fair, standard_booth):
    owners = [_exhibitor(n) for n in range(3)]
    held = [_submit(fair, standard_booth, o, v, [p]) for o, v, p in owners]
    big_owner, big_vendor, big_product = _exhibitor(10)
    big = _submit(fair, standard_booth, big_owner, big_vendor, [big_product], quantity=2)
    small_owner, small_vendor, small_product = _exhibitor(11)
    small = _submit(fair, standard_booth, small_owner, small_vendor, [small_product])
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    application_cancel(application=held[0], actor=owners[0][0])
    big.refresh_from_db()
    small.refresh_from_db()
    # One booth is free but the first in line needs two: nobody jumps the queue.
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    application_cancel(application=held[1], actor=owners[1][0])
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.status, small.status) == ("approved", "waitlisted")


def test_raising_the_booth_count_promotes_and_lowering_below_held_is_refused(
    fair, standard_booth, organizer
):
    apps = []
    for n in range(4):
        owner, vendor, product = _exhibitor(n)
        apps.append(_submit(fair, standard_booth, owner, vendor, [product]))
    with pytest.raises(Conflict) as refused:
        booth_type_update(booth_type=standard_booth, actor=organizer, count=2)
    assert "3" in str(refused.value.detail)
    standard_booth.refresh_from_db()
    assert standard_booth.count == 3
    booth_type_update(booth_type=standard_booth, actor=organizer, count=4)
    apps[3].refresh_from_db()
    assert apps[3].status == "approved"


def test_every_failing_eligibility_rule_is_listed(fair, standard_booth, owner):
    from marketplace.models import Province

    fair.min_ocop_stars = 4
    fair.save()
    fair.allowed_provinces.set([Province.objects.get(code=1)])
    vendor = VendorFactory(slug="cho-duyet", status=VendorStatus.PENDING)
    MembershipFactory(vendor=vendor, user=owner)
    CertificateFactory(product=ProductFactory(vendor=vendor), stars=3, score=60)
    draft = ProductFactory(vendor=vendor, status="draft", name="Chè chưa duyệt")
    foreign = ProductFactory()
    with pytest.raises(ValidationFailed) as refused:
        _submit(fair, standard_booth, owner, vendor, [draft, foreign])
    errors = refused.value.errors
    assert set(errors) == {"vendor", "ocop_stars", "province", "products"}
    assert "4" in str(errors["ocop_stars"][0]) and "3" in str(errors["ocop_stars"][0])
    assert any("Chè chưa duyệt" in str(m) for m in errors["products"])
    assert any(f"#{foreign.pk}" in str(m) for m in errors["products"])
    assert not ExhibitorApplication.objects.exists()


def test_allowed_categories_need_one_chosen_product_in_them(fair, standard_booth, owner, vendor):
    fair.allowed_categories.set([category("thu-cong-my-nghe")])
    product = ProductFactory(vendor=vendor)  # rice noodles, a food category
    with pytest.raises(ValidationFailed) as refused:
        _submit(fair, standard_booth, owner, vendor, [product])
    assert list(refused.value.errors) == ["products"]


@pytest.mark.parametrize(
    ("opens", "closes", "status", "needle"),
    [
        (1, 5, FairStatus.OPEN, "opens"),
        (-5, -1, FairStatus.OPEN, "closed at"),
        (-1, 5, FairStatus.CLOSED, "closed"),
    ],
)
def test_registration_window_is_enforced(
    fair, standard_booth, owner, vendor, opens, closes, status, needle
):
    now = timezone.now()
    fair.registration_opens_at = now + dt.timedelta(days=opens)
    fair.registration_closes_at = now + dt.timedelta(days=closes)
    fair.status = status
    fair.save()
    product = ProductFactory(vendor=vendor)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        _submit(fair, standard_booth, owner, vendor, [product])
    with translation.override("en"):
        reason = str(refused.value.errors["registration"][0])
    assert needle in reason.lower()


def test_one_active_application_per_storefront(fair, standard_booth, corner_booth, owner, vendor):
    product = ProductFactory(vendor=vendor)
    first = _submit(fair, standard_booth, owner, vendor, [product])
    with pytest.raises(Conflict):
        _submit(fair, corner_booth, owner, vendor, [product])
    application_cancel(application=first, actor=owner)
    again = _submit(fair, corner_booth, owner, vendor, [product])
    assert again.status == "approved"


def test_only_members_apply(fair, standard_booth, other_owner, vendor):
    with pytest.raises(NotAllowed):
        _submit(fair, standard_booth, other_owner, vendor, [ProductFactory(vendor=vendor)])


def test_review_mode_waits_for_the_organizer(fair, corner_booth, organizer, owner, vendor):
    fair.approval_mode = ApprovalMode.REVIEW
    fair.save()
    first = _submit(fair, corner_booth, owner, vendor, [ProductFactory(vendor=vendor)])
    o2, v2, p2 = _exhibitor(2)
    second = _submit(fair, corner_booth, o2, v2, [p2])
    assert (first.status, second.status) == ("submitted", "submitted")
    with pytest.raises(NotAllowed):
        application_approve(application=first, actor=owner)
    assert application_approve(application=first, actor=organizer).status == "approved"
    # The only corner booth is held: approving the second puts it on the waiting list.
    assert application_approve(application=second, actor=organizer).status == "waitlisted"
    with pytest.raises(Conflict):
        application_approve(application=second, actor=organizer)
    with pytest.raises(ValidationFailed):
        application_reject(application=second, actor=organizer, reason="  ")
    rejected = application_reject(application=second, actor=organizer, reason="Trùng ngành hàng")
    assert rejected.status == "rejected"
    with pytest.raises(TransitionError):
        application_approve(application=rejected, actor=organizer)


def test_booth_numbers_are_unique_within_the_fair(fair, standard_booth, organizer):
    o1, v1, p1 = _exhibitor(1)
    o2, v2, p2 = _exhibitor(2)
    first = _submit(fair, standard_booth, o1, v1, [p1])
    second = _submit(fair, standard_booth, o2, v2, [p2])
    application_assign_booth(application=first, actor=organizer, booth_number="A12")
    with pytest.raises(Conflict) as clash:
        application_assign_booth(application=second, actor=organizer, booth_number="A12")
    assert v1.display_name in str(clash.value.detail)
    assert application_assign_booth(application=second, actor=organizer, booth_number="A13")
    application_cancel(application=first, actor=o1)
    first.refresh_from_db()
    assert first.booth_number == ""
    # the freed number can be given again
    assert application_assign_booth(application=second, actor=organizer, booth_number="A12")


def test_confirm_only_after_approval(fair, corner_booth, owner, vendor):
    app = _submit(fair, corner_booth, owner, vendor, [ProductFactory(vendor=vendor)])
    assert application_confirm(application=app, actor=owner).status == "confirmed"
    with pytest.raises(TransitionError):
        application_confirm(application=app, actor=owner)


def test_emails_are_sent_after_commit(
    fair, corner_booth, owner, vendor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        app = _submit(fair, corner_booth, owner, vendor, [ProductFactory(vendor=vendor)])
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2  # received + approved
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(fair.name in s for s in subjects)
    assert {tuple(m.to) for m in mail.outbox} == {
        tuple(sorted(["owner@example.vn", app.contact_email]))
    }
    o2, v2, p2 = _exhibitor(2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _submit(fair, corner_booth, o2, v2, [p2])
    assert waiting.status == ApplicationStatus.WAITLISTED
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_cancel(application=app, actor=owner)
    # cancelled (to the first) + promoted (to the second)
    assert len(mail.outbox) == 2
    assert app.contact_email in mail.outbox[0].to
    assert waiting.contact_email in mail.outbox[1].to


def test_showcase_changes_queue_search_updates(fair, standard_booth, organizer, owner, vendor):
    def queued() -> set[int]:
        return set(IndexQueue.objects.filter(kind="product").values_list("object_id", flat=True))

    product = ProductFactory(vendor=vendor)
    IndexQueue.objects.all().delete()
    application = _submit(fair, standard_booth, owner, vendor, [product])
    assert application.status == "approved"
    assert queued() == {product.pk}
    IndexQueue.objects.all().delete()
    fair_cancel(fair=fair, actor=organizer, reason="Hoãn do thời tiết")
    assert queued() == {product.pk}


def test_showcase_edits_keep_to_the_allowed_categories(fair, standard_booth, owner, vendor):
    fair.allowed_categories.set([category("gao-ngu-coc")])
    noodles = ProductFactory(vendor=vendor)
    application = _submit(fair, standard_booth, owner, vendor, [noodles])
    craft = ProductFactory(vendor=vendor, category=category("thu-cong-my-nghe"))
    with pytest.raises(ValidationFailed) as refused:
        application_update(application=application, actor=owner, product_ids=[craft.pk])
    assert list(refused.value.errors) == ["products"]
    assert list(application.products.all()) == [noodles]
    application_update(application=application, actor=owner, product_ids=[craft.pk, noodles.pk])
    assert set(application.products.all()) == {craft, noodles}


def test_exhibitor_check_in_on_the_day(fair, corner_booth, organizer, owner, vendor):
    app = _submit(fair, corner_booth, owner, vendor, [ProductFactory(vendor=vendor)])
    app = application_confirm(application=app, actor=owner)
    with pytest.raises(Conflict):  # the fair is still taking applications
        application_check_in(application=app, actor=organizer)
    fair.status = FairStatus.RUNNING
    fair.save()
    with pytest.raises(NotAllowed):
        application_check_in(application=app, actor=owner)
    assert application_check_in(application=app, actor=organizer).status == "checked_in"
    with pytest.raises(TransitionError):
        application_check_in(application=app, actor=organizer)
