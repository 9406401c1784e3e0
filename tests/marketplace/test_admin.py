"""The moderators' admin: pages, permissions, storefront moderation actions, language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import NotAllowed
from core.models import AuditLog
from marketplace.models import User, Vendor, VendorInvitation, VendorStatus
from marketplace.services.vendors import vendor_create
from orders.models import InquiryMessage
from tests.factories import (
    InquiryFactory,
    MembershipFactory,
    ModeratorFactory,
    UserFactory,
    VendorFactory,
)

MARKETPLACE_MODELS = sorted(
    model._meta.model_name
    for model in admin.site._registry
    if model._meta.app_label == "marketplace"
)
VENDORS_URL = reverse("admin:marketplace_vendor_changelist")


@pytest.fixture
def mod_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root@example.vn", "secret-pass-123")


@pytest.fixture
def super_client(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def post_action(client: Client, url: str, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects], **extra}
    return client.post(url, data)


def sent_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def test_the_audit_log_is_registered_under_core():
    assert admin.site.is_registered(AuditLog)
    assert AuditLog._meta.app_label == "core"
    assert AuditLog._meta.db_table == "marketplace_auditlog"  # the table did not move


def test_every_marketplace_model_is_registered():
    assert MARKETPLACE_MODELS == [
        "commune",
        "province",
        "user",
        "vendor",
        "vendorinvitation",
    ]


@pytest.fixture
def populated(vendor, product, moderator):
    """One row of every marketplace model, so list and change pages render real values."""
    inquiry = InquiryFactory(product=product)
    InquiryMessage.objects.create(inquiry=inquiry, author=inquiry.buyer, body="Cho tôi báo giá sỉ")
    VendorInvitation.objects.create(
        vendor=vendor,
        email="staff@example.vn",
        token_hash="0" * 64,
        invited_by=vendor.memberships.get().user,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    AuditLog.objects.create(
        actor=moderator,
        action="marketplace.vendor.approved",
        target_type=ContentType.objects.get_for_model(Vendor),
        target_id=str(vendor.pk),
        target_repr=str(vendor),
        from_state="pending",
        to_state="approved",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", MARKETPLACE_MODELS)
def test_changelist_and_change_page_load_for_moderator(mod_client, populated, model_name):
    response = mod_client.get(reverse(f"admin:marketplace_{model_name}_changelist"))
    assert response.status_code == 200
    first = response.context["cl"].result_list[0]
    response = mod_client.get(reverse(f"admin:marketplace_{model_name}_change", args=[first.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_inquiry_page_shows_the_thread_read_only(mod_client, populated):
    inquiry = InquiryMessage.objects.get().inquiry
    response = mod_client.get(reverse("admin:orders_inquiry_change", args=[inquiry.pk]))
    assert "Cho tôi báo giá sỉ" in response.content.decode()
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()


@pytest.mark.django_db
def test_vendor_search_and_filters(mod_client, vendor, other_vendor):
    response = mod_client.get(VENDORS_URL, {"q": "Chè Thanh Ba", "status__exact": "approved"})
    assert list(response.context["cl"].result_list) == [other_vendor]
    response = mod_client.get(VENDORS_URL, {"q": vendor.tax_code})
    assert list(response.context["cl"].result_list) == [vendor]


@pytest.mark.django_db
def test_vendor_changelist_queries_do_not_grow_with_rows(mod_client):
    VendorFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert mod_client.get(VENDORS_URL).status_code == 200
    VendorFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        assert mod_client.get(VENDORS_URL).status_code == 200
    assert len(many) == len(few)


# --- editing storefronts ---------------------------------------------------------------------


def vendor_form_data(vendor: Vendor, **changes) -> dict:
    data = {
        "display_name": vendor.display_name,
        "description": vendor.description,
        "kind": vendor.kind,
        "legal_name": vendor.legal_name,
        "tax_code": vendor.tax_code,
        "business_registration_number": vendor.business_registration_number,
        "commune": vendor.commune_id,
        "street_address": vendor.street_address,
        "phone": vendor.phone,
        "email": vendor.email,
        "website": vendor.website,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "images-TOTAL_FORMS": "0",  # the logo/banner inline (media.admin)
        "images-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_moderator_edits_a_storefront_through_the_service(mod_client, moderator, vendor):
    url = reverse("admin:marketplace_vendor_change", args=[vendor.pk])
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(
        url, vendor_form_data(vendor, display_name="HTX Mì gạo Hùng Lô Phú Thọ", status="suspended")
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.display_name == "HTX Mì gạo Hùng Lô Phú Thọ"
    assert vendor.status == VendorStatus.APPROVED  # status is not a form field
    entry = AuditLog.objects.get(action="marketplace.vendor.updated")
    assert entry.actor == moderator
    assert entry.data == {"fields": ["display_name"]}


@pytest.mark.django_db
def test_adding_a_storefront_needs_the_model_permission(mod_client, super_client, superuser):
    url = reverse("admin:marketplace_vendor_add")
    assert mod_client.get(url).status_code == 403
    assert super_client.get(url).status_code == 200
    data = vendor_form_data(VendorFactory.build(), slug="htx-moi", status="approved")
    response = super_client.post(url, data)
    assert response.status_code == 302
    vendor = Vendor.objects.get(slug="htx-moi")
    assert vendor.status == VendorStatus.PENDING
    assert vendor.province_id == vendor.commune.province_id
    assert AuditLog.objects.filter(
        action="marketplace.vendor.created", target_id=str(vendor.pk), actor=superuser
    ).exists()


@pytest.mark.django_db
def test_a_storefront_added_in_the_admin_goes_through_the_service_with_its_owner(
    super_client, superuser
):
    owner = UserFactory(email="chu-htx@example.vn")
    data = vendor_form_data(
        VendorFactory.build(display_name="HTX Chè Búp Tím"),
        slug="che-bup-tim-thanh-ba",
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-user": str(owner.pk),
            "memberships-0-role": "owner",
        },
    )
    response = super_client.post(reverse("admin:marketplace_vendor_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    vendor = Vendor.objects.get(display_name="HTX Chè Búp Tím")
    assert vendor.slug == "che-bup-tim-thanh-ba"
    assert vendor.status == VendorStatus.PENDING
    assert vendor.created_by == superuser
    # The members inline saved onto the row the service created; the admin is not an owner.
    assert list(vendor.memberships.values_list("user__email", "role")) == [
        ("chu-htx@example.vn", "owner")
    ]
    entry = AuditLog.objects.get(action="marketplace.vendor.created", target_id=str(vendor.pk))
    assert entry.data == {"via": "admin"}


@pytest.mark.django_db
def test_only_a_moderator_opens_a_storefront_for_someone_else(moderator):
    producer, stranger = UserFactory(), UserFactory()
    template = VendorFactory.build()
    fields = {
        "kind": template.kind,
        "legal_name": template.legal_name,
        "display_name": "Mật ong Thanh Thủy",
        "tax_code": template.tax_code,
        "street_address": "Khu 1",
        "phone": template.phone,
        "email": "mat-ong@example.vn",
    }
    with pytest.raises(NotAllowed):
        vendor_create(actor=stranger, owner=producer, commune=template.commune, **fields)
    assert not Vendor.objects.filter(display_name="Mật ong Thanh Thủy").exists()
    vendor = vendor_create(actor=moderator, owner=producer, commune=template.commune, **fields)
    assert list(vendor.memberships.values_list("user", flat=True)) == [producer.pk]


@pytest.mark.django_db
def test_nobody_deletes_a_storefront(mod_client, super_client, vendor):
    url = reverse("admin:marketplace_vendor_delete", args=[vendor.pk])
    assert mod_client.get(url).status_code == 403
    assert super_client.get(url).status_code == 403
    assert "delete_selected" not in super_client.get(VENDORS_URL).content.decode()


# --- moderation actions ----------------------------------------------------------------------


@pytest.mark.django_db
def test_approve_pending_storefront(mod_client, moderator):
    vendor = VendorFactory(status=VendorStatus.PENDING, approved_at=None)
    response = post_action(mod_client, VENDORS_URL, "approve", [vendor])
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    assert vendor.approved_at is not None
    entry = AuditLog.objects.get(target_id=str(vendor.pk))
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "marketplace.vendor.approved",
        moderator,
        "pending",
        "approved",
    )
    assert [level for level, _text in sent_messages(response)] == [messages.SUCCESS]


@pytest.mark.django_db
def test_reject_asks_for_a_reason_first(mod_client):
    vendor = VendorFactory(status=VendorStatus.PENDING)
    response = post_action(mod_client, VENDORS_URL, "reject", [vendor])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/moderation_reason.html"
    html = response.content.decode()
    assert '<textarea name="reason"' in html
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{vendor.pk}"' in html
    assert 'name="action" value="reject"' in html
    assert 'name="post" value="yes"' in html
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.PENDING
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_reject_with_an_empty_reason_shows_the_form_again(mod_client):
    vendor = VendorFactory(status=VendorStatus.PENDING)
    response = post_action(mod_client, VENDORS_URL, "reject", [vendor], post="yes", reason="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "errorlist" in response.content.decode()
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.PENDING
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_reject_with_a_reason(mod_client, moderator):
    vendor = VendorFactory(status=VendorStatus.PENDING)
    reason = "Mã số thuế không khớp với giấy đăng ký kinh doanh."
    response = post_action(mod_client, VENDORS_URL, "reject", [vendor], post="yes", reason=reason)
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.REJECTED
    assert vendor.status_reason == reason
    entry = AuditLog.objects.get(target_id=str(vendor.pk))
    assert (entry.action, entry.actor, entry.reason) == (
        "marketplace.vendor.rejected",
        moderator,
        reason,
    )


@pytest.mark.django_db
def test_suspend_and_reinstate(mod_client, moderator, vendor):
    response = post_action(
        mod_client, VENDORS_URL, "suspend", [vendor], post="yes", reason="Bán hàng giả"
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUSPENDED
    response = post_action(mod_client, VENDORS_URL, "reinstate", [vendor])
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    rows = list(
        AuditLog.objects.filter(target_id=str(vendor.pk))
        .order_by("id")
        .values_list("action", "actor", "reason", "to_state")
    )
    assert rows == [
        ("marketplace.vendor.suspended", moderator.pk, "Bán hàng giả", "suspended"),
        ("marketplace.vendor.reinstated", moderator.pk, "", "approved"),
    ]


@pytest.mark.django_db
def test_approving_an_approved_storefront_is_refused(mod_client, vendor):
    response = post_action(mod_client, VENDORS_URL, "approve", [vendor])
    assert response.status_code == 302
    [(level, text)] = sent_messages(response)
    assert level == messages.ERROR
    assert vendor.display_name in text
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_approve_does_not_reinstate_and_reinstate_does_not_approve(mod_client):
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)
    pending = VendorFactory(status=VendorStatus.PENDING)
    post_action(mod_client, VENDORS_URL, "approve", [suspended])
    post_action(mod_client, VENDORS_URL, "reinstate", [pending])
    suspended.refresh_from_db()
    pending.refresh_from_db()
    assert (suspended.status, pending.status) == (VendorStatus.SUSPENDED, VendorStatus.PENDING)
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_mixed_selection_reports_successes_and_each_refusal(mod_client):
    pending = VendorFactory(status=VendorStatus.PENDING)
    approved = VendorFactory(status=VendorStatus.APPROVED, display_name="HTX Đã duyệt")
    response = post_action(mod_client, VENDORS_URL, "approve", [pending, approved])
    sent = sent_messages(response)
    assert sorted(level for level, _text in sent) == [messages.SUCCESS, messages.ERROR]
    assert any("HTX Đã duyệt" in text for level, text in sent if level == messages.ERROR)
    assert any("1" in text for level, text in sent if level == messages.SUCCESS)
    assert Vendor.objects.get(pk=pending.pk).status == VendorStatus.APPROVED
    assert AuditLog.objects.count() == 1


# --- who gets in -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_without_staff_access_is_sent_to_login(client, buyer):
    client.force_login(buyer)
    for url in (reverse("admin:index"), VENDORS_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_staff_who_is_not_a_moderator_sees_nothing_and_cannot_moderate(client):
    staff = UserFactory(is_staff=True)
    vendor = VendorFactory(status=VendorStatus.PENDING)
    client.force_login(staff)
    assert client.get(VENDORS_URL).status_code == 403
    assert post_action(client, VENDORS_URL, "approve", [vendor]).status_code == 403
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.PENDING


@pytest.mark.django_db
def test_moderator_without_staff_flag_is_sent_to_login(client):
    client.force_login(ModeratorFactory(is_staff=False))
    assert client.get(VENDORS_URL).status_code == 302


@pytest.mark.django_db
def test_moderator_views_users_but_cannot_change_them(mod_client, buyer):
    url = reverse("admin:marketplace_user_change", args=[buyer.pk])
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(url, {"email": buyer.email, "is_staff": "on", "is_active": "on"})
    assert response.status_code == 403
    buyer.refresh_from_db()
    assert buyer.is_staff is False


@pytest.mark.django_db
def test_superuser_adds_a_user_by_email(super_client):
    url = reverse("admin:marketplace_user_add")
    assert super_client.get(url).status_code == 200
    response = super_client.post(
        url,
        {
            "email": "Moi@Example.VN",
            "full_name": "Phạm Thị Mới",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="moi@example.vn")
    assert user.check_password("a-long-pass-phrase-9")
    assert (
        super_client.get(reverse("admin:marketplace_user_change", args=[user.pk])).status_code
        == 200
    )
    duplicate = super_client.post(
        url,
        {
            "email": "MOI@example.vn",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert duplicate.status_code == 200
    assert duplicate.context["adminform"].form.errors["email"]


# --- audit log -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_log_is_read_only_even_for_superusers(super_client, mod_client, populated):
    entry = AuditLog.objects.get()
    for client in (super_client, mod_client):
        assert client.get(reverse("admin:core_auditlog_add")).status_code == 403
        delete_url = reverse("admin:core_auditlog_delete", args=[entry.pk])
        assert client.get(delete_url).status_code == 403
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        changelist = client.get(reverse("admin:core_auditlog_changelist"))
        assert "delete_selected" not in changelist.content.decode()
        change = client.get(reverse("admin:core_auditlog_change", args=[entry.pk]))
        assert change.context["has_change_permission"] is False
        assert change.context["has_delete_permission"] is False
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_audit_log_filters_by_action_and_searches_target(mod_client, populated):
    url = reverse("admin:core_auditlog_changelist")
    assert (
        mod_client.get(url, {"action": "marketplace.vendor.approved"}).context["cl"].result_count
        == 1
    )
    assert (
        mod_client.get(url, {"action": "catalog.product.published"}).context["cl"].result_count == 0
    )
    assert mod_client.get(url, {"q": "Mì gạo Hùng Lô"}).context["cl"].result_count == 1


# --- language --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_speaks_vietnamese(mod_client):
    html = mod_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="vi"' in html
    # Django's own "Log out" ("Thoát"; the project's catalogue may prefer "Đăng xuất").
    assert "Thoát" in html or "Đăng xuất" in html
    assert "Log out" not in html
    assert "Thay đổi" in html  # Django's own "Change"
    english = mod_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log out" in english


@pytest.mark.django_db
def test_members_are_shown_on_the_storefront(mod_client, vendor, owner):
    MembershipFactory(vendor=vendor, user=UserFactory(email="nhanvien@example.vn"), role="staff")
    html = mod_client.get(reverse("admin:marketplace_vendor_change", args=[vendor.pk])).content
    assert owner.email in html.decode()
    assert "nhanvien@example.vn" in html.decode()


@pytest.mark.django_db
def test_commune_autocomplete_on_the_storefront_form(mod_client, vendor):
    response = mod_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "marketplace",
            "model_name": "vendor",
            "field_name": "commune",
            "term": vendor.commune.name,
        },
    )
    assert response.status_code == 200
    assert str(vendor.commune_id) in {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_a_slug_typed_in_the_admin_is_never_a_path_word(super_client):
    """D242 for slugs a person types: "mo-gian-hang" would open the "open a storefront" page
    instead of this storefront's, so the form refuses it and nothing is written."""
    data = vendor_form_data(VendorFactory.build(display_name="Mở gian hàng"), slug="mo-gian-hang")
    response = super_client.post(reverse("admin:marketplace_vendor_add"), data)
    assert response.status_code == 200
    assert "mo-gian-hang" in str(response.context["adminform"].form.errors["slug"])
    assert not Vendor.objects.filter(slug="mo-gian-hang").exists()
