"""The seller center's storefront pages (issue 16, seller16a): opening a storefront, its page
with where it stands in moderation and "send again", the dashboard of what to do today, and
the members page with the invitation's landing page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from catalog.models import ProductStatus
from fairs.models import ApplicationStatus
from leads.models import Lead, LeadKind, LeadMatch, LeadStatus
from marketplace.models import MemberRole, Vendor, VendorMembership, VendorStatus
from marketplace.services import vendors as vendor_services
from orders.models import Order
from tests.factories import (
    CertificateFactory,
    InquiryFactory,
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
    category,
    unit,
)
from tests.factories.fairs import ExhibitorApplicationFactory

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}
PHU_THO = 25
VIET_TRI = 7900


def _open_data(**over):
    data = {
        "kind": "cooperative",
        "legal_name": "Hợp tác xã Chè Long Cốc",
        "display_name": "HTX Chè Long Cốc",
        "tax_code": "2600123456",
        "business_registration_number": "1807000123",
        "province": str(PHU_THO),
        "commune": str(VIET_TRI),
        "street_address": "Khu 3",
        "phone": "0210 3812 345",
        "email": "chelongcoc@example.vn",
    }
    data.update(over)
    return data


def test_opening_a_storefront_makes_it_wait_for_review_with_me_as_owner(client):
    me = UserFactory()
    client.force_login(me)

    form = client.get("/ban-hang/mo-gian-hang/", **HTML)
    response = client.post("/ban-hang/mo-gian-hang/", _open_data(), **HTML)

    assert form.status_code == 200 and 'name="tax_code"' in form.content.decode()
    vendor = Vendor.objects.get(tax_code="2600123456")
    assert vendor.status == VendorStatus.PENDING and vendor.commune_id == VIET_TRI
    assert VendorMembership.objects.get(vendor=vendor).user == me
    assert response.status_code == 302
    assert response["Location"] == f"/ban-hang/{vendor.slug}/gian-hang/"
    page = client.get(response["Location"], **HTML).content.decode()
    assert "Đang chờ duyệt" in page or "pending" in page


def test_a_bad_tax_code_and_a_taken_one_are_refused_beside_the_field(client):
    VendorFactory(tax_code="2600123456")
    client.force_login(UserFactory())

    bad = client.post("/ban-hang/mo-gian-hang/", _open_data(tax_code="12345"), **HTML)
    taken = client.post("/ban-hang/mo-gian-hang/", _open_data(), **HTML)

    assert bad.status_code == 400
    assert "Mã số thuế gồm 10 chữ số" in bad.content.decode() or "10 digits" in bad.content.decode()
    assert taken.status_code == 409
    html = taken.content.decode()
    assert re.search(r'class="field has-error[^"]*">\s*<label for="id_tax_code"', html), html
    assert Vendor.objects.filter(tax_code="2600123456").count() == 1


def test_the_province_step_lists_its_communes_without_javascript(client):
    client.force_login(UserFactory())

    response = client.post(
        "/ban-hang/mo-gian-hang/",
        {"province": str(PHU_THO), "show_communes": "1"},
        **HTML,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{VIET_TRI}">' in html
    assert "errorlist" not in html
    assert not Vendor.objects.exists()


def test_a_rejected_storefront_shows_the_reason_and_is_sent_again(client):
    owner = MembershipFactory(
        vendor__status=VendorStatus.REJECTED,
        vendor__status_reason="Giấy đăng ký kinh doanh không đọc được.",
    )
    client.force_login(owner.user)
    url = f"/ban-hang/{owner.vendor.slug}/gian-hang/"

    page = client.get(url, **HTML).content.decode()
    response = client.post(url + "gui-lai/", **HTML)

    assert "Giấy đăng ký kinh doanh không đọc được." in page
    assert response.status_code == 302
    owner.vendor.refresh_from_db()
    assert owner.vendor.status == VendorStatus.PENDING


def test_staff_see_the_storefront_but_may_not_edit_or_resend_it(client):
    staff = MembershipFactory(role=MemberRole.STAFF, vendor__status=VendorStatus.REJECTED)
    client.force_login(staff.user)
    url = f"/ban-hang/{staff.vendor.slug}/gian-hang/"

    page = client.get(url, **HTML)
    edit = client.post(url, _open_data(display_name="Tên khác"), **HTML)
    resend = client.post(url + "gui-lai/", **HTML)

    assert page.status_code == 200 and 'name="tax_code"' not in page.content.decode()
    assert edit.status_code == 403 and resend.status_code == 403
    staff.vendor.refresh_from_db()
    assert staff.vendor.status == VendorStatus.REJECTED


def test_an_owner_edits_the_details_and_a_reviewed_identity_is_refused(client):
    owner = MembershipFactory()
    vendor = owner.vendor
    client.force_login(owner.user)
    url = f"/ban-hang/{vendor.slug}/gian-hang/"
    data = _open_data(
        kind=vendor.kind,
        legal_name=vendor.legal_name,
        tax_code=vendor.tax_code,
        business_registration_number=vendor.business_registration_number,
        display_name="HTX Chè Ngon",
    )

    saved = client.post(url, data, **HTML)
    locked = client.post(url, {**data, "legal_name": "Tên pháp lý mới"}, **HTML)

    assert saved.status_code == 302
    vendor.refresh_from_db()
    assert vendor.display_name == "HTX Chè Ngon"
    assert locked.status_code == 409
    assert vendor.legal_name != "Tên pháp lý mới"


def test_another_storefronts_pages_are_not_found(client):
    client.force_login(MembershipFactory().user)
    other = VendorFactory()

    for path in ("", "gian-hang/", "san-pham/", "nhap-san-pham/", "chung-nhan/", "thanh-vien/"):
        assert client.get(f"/ban-hang/{other.slug}/{path}", **HTML).status_code == 404, path


def _lead(**fields):
    return Lead.objects.create(
        kind=LeadKind.BUY,
        slug=fields.pop("slug", "can-mua-gao"),
        title=fields.pop("title", "Cần mua 5 tấn gạo"),
        category=category(),
        unit=unit(),
        quantity=5000,
        province_id=PHU_THO,
        status=LeadStatus.PUBLISHED,
        published_at=timezone.now(),
        expires_on=timezone.localdate() + dt.timedelta(days=20),
        contact_name="Lê Văn Nam",
        contact_phone="0912345678",
        negotiable=True,
        **fields,
    )


def test_the_dashboard_counts_what_to_do_today_in_bounded_queries(
    client, django_assert_max_num_queries
):
    owner = MembershipFactory()
    vendor = owner.vendor
    product = ProductFactory(vendor=vendor)
    ProductFactory(vendor=vendor, status=ProductStatus.REJECTED, published_at=None)
    InquiryFactory(product=product)
    InquiryFactory(product=product)
    soon = timezone.localdate() + dt.timedelta(days=20)
    CertificateFactory(product=product, expires_on=soon)
    CertificateFactory(product=product)  # three years left: not listed
    lead = _lead(poster=UserFactory())
    LeadMatch.objects.create(lead=lead, vendor=vendor)
    ExhibitorApplicationFactory(
        vendor=vendor, status=ApplicationStatus.APPROVED, decided_at=timezone.now()
    )
    client.force_login(owner.user)

    with django_assert_max_num_queries(14):
        response = client.get(f"/ban-hang/{vendor.slug}/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 câu hỏi" in html or "2 questions" in html
    assert "Cần mua 5 tấn gạo" in html
    assert soon.strftime("%d/%m/%Y") in html or str(soon.day) in html
    assert "1 giấy chứng nhận" in html or "1 certificate" in html
    assert Order.objects.count() == 0


def test_an_owner_invites_a_member_who_accepts_on_the_invitation_page(
    client, django_capture_on_commit_callbacks
):
    owner = MembershipFactory()
    vendor = owner.vendor
    invited = UserFactory(email="ban@example.vn")
    client.force_login(owner.user)

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/ban-hang/{vendor.slug}/thanh-vien/",
            {"email": "ban@example.vn", "role": "staff"},
            **HTML,
        )
    again = client.get(f"/ban-hang/{vendor.slug}/thanh-vien/", **HTML).content.decode()
    token = re.search(r": (\S+)$", mail.outbox[-1].body.strip()).group(1)
    client.force_login(invited)
    landing = client.get("/ban-hang/loi-moi/", **HTML)
    wrong = client.post("/ban-hang/loi-moi/", {"token": "khong-dung"}, **HTML)
    accepted = client.post("/ban-hang/loi-moi/", {"token": token}, **HTML)

    assert sent.status_code == 302 and "ban@example.vn" in again
    assert landing.status_code == 200 and 'name="token"' in landing.content.decode()
    assert wrong.status_code == 404
    assert accepted.status_code == 302 and accepted["Location"] == f"/ban-hang/{vendor.slug}/"
    assert VendorMembership.objects.get(vendor=vendor, user=invited).role == MemberRole.STAFF


def test_inviting_a_member_twice_is_refused_beside_the_email(client):
    owner = MembershipFactory()
    member = MembershipFactory(vendor=owner.vendor, role=MemberRole.STAFF)
    client.force_login(owner.user)

    response = client.post(
        f"/ban-hang/{owner.vendor.slug}/thanh-vien/",
        {"email": member.user.email, "role": "staff"},
        **HTML,
    )

    assert response.status_code == 409
    assert re.search(r'has-error[^"]*">\s*<label for="id_email"', response.content.decode())


def test_an_owner_removes_a_member_but_not_the_last_owner(client):
    owner = MembershipFactory()
    staff = MembershipFactory(vendor=owner.vendor, role=MemberRole.STAFF)
    client.force_login(owner.user)
    base = f"/ban-hang/{owner.vendor.slug}/thanh-vien/"

    removed = client.post(f"{base}{staff.pk}/xoa/", **HTML)
    last = client.post(f"{base}{owner.pk}/xoa/", **HTML)

    assert removed.status_code == 302
    assert not VendorMembership.objects.filter(pk=staff.pk).exists()
    assert last.status_code == 409
    assert VendorMembership.objects.filter(pk=owner.pk).exists()


def test_staff_may_not_open_the_members_page(client):
    staff = MembershipFactory(role=MemberRole.STAFF)
    client.force_login(staff.user)

    assert client.get(f"/ban-hang/{staff.vendor.slug}/thanh-vien/", **HTML).status_code == 403


def test_a_moderator_approving_shows_on_the_storefront_page(client):
    owner = MembershipFactory(vendor__status=VendorStatus.PENDING)
    vendor_services.vendor_approve(vendor=owner.vendor, actor=ModeratorFactory())
    client.force_login(owner.user)

    html = client.get(f"/ban-hang/{owner.vendor.slug}/gian-hang/", **HTML).content.decode()

    assert f'href="/gian-hang/{owner.vendor.slug}/"' in html
