"""The signed-in areas' shared parts (issue 16, D206): the seller center's home, who may open a
storefront's pages, the forms that show a service's refusal beside its fields, the menus."""

from __future__ import annotations

import pytest
from django import forms
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework import serializers

from core.errors import Conflict, ValidationFailed
from marketplace.models import MemberRole, VendorStatus
from tests.factories import MembershipFactory, UserFactory, VendorFactory
from web import nav
from web.forms import ServiceForm
from web.signed_in import seller_page

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


def test_seller_home_lists_only_my_storefronts_with_where_they_stand(client):
    me = UserFactory()
    mine = MembershipFactory(user=me, vendor__display_name="HTX Chè Long Cốc").vendor
    refused = MembershipFactory(
        user=me,
        role=MemberRole.STAFF,
        vendor__display_name="Cơ sở Mật ong Tam Đảo",
        vendor__status=VendorStatus.REJECTED,
        vendor__status_reason="Mã số thuế không khớp giấy đăng ký.",
    ).vendor
    VendorFactory(display_name="HTX Người Khác")
    client.force_login(me)

    response = client.get("/ban-hang/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert mine.display_name in html and refused.display_name in html
    assert "HTX Người Khác" not in html
    assert "Mã số thuế không khớp giấy đăng ký." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_seller_home_sends_anonymous_visitors_to_sign_in_and_back(client):
    response = client.get("/ban-hang/", **HTML)

    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/ban-hang/"
    assert "no-store" in response["Cache-Control"]


def _page(**options):
    @seller_page(**options)
    def page(request):
        return HttpResponse(f"{request.vendor.slug} {request.member_role}")

    return page


def _get(user, slug, **options):
    request = RequestFactory().get(f"/ban-hang/{slug}/")
    request.user = user
    return _page(**options)(request, vendor=slug)


def test_a_storefront_page_is_the_members_only_and_404_for_anyone_else():
    staff = MembershipFactory(role=MemberRole.STAFF, vendor__slug="htx-a")
    outsider = MembershipFactory(vendor__slug="htx-b").user

    assert _get(staff.user, "htx-a").content == b"htx-a staff"
    with pytest.raises(Http404):
        _get(outsider, "htx-a")
    with pytest.raises(Http404):
        _get(staff.user, "khong-co")


def test_an_owners_page_refuses_staff_with_the_apis_message():
    staff = MembershipFactory(role=MemberRole.STAFF, vendor__slug="htx-a")
    owner = MembershipFactory(role=MemberRole.OWNER, vendor=staff.vendor).user

    refused = _get(staff.user, "htx-a", owner=True)
    refused.render()

    assert refused.status_code == 403
    assert "Chỉ chủ gian hàng này mới được thực hiện thao tác này." in refused.content.decode()
    assert _get(owner, "htx-a", owner=True).content == b"htx-a owner"


class _NameSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=5)


class _NameForm(ServiceForm):
    serializer_class = _NameSerializer
    serializer_names = {"name": "display_name"}

    name = forms.CharField(label="Name")


def test_a_form_refuses_with_the_apis_serializer_message_beside_the_field():
    form = _NameForm({"name": "quá dài rồi"})

    assert not form.is_valid()
    assert form.status == 400
    assert form.errors["name"] == ["Trường này chỉ được có tối đa 5 ký tự."]


def test_a_form_shows_the_services_refusal_on_top_and_beside_its_field():
    form = _NameForm({"name": "HTX"})
    assert form.is_valid() and form.validated == {"display_name": "HTX"}

    def service(**fields):
        raise Conflict("Tên đã có người dùng.", errors={"display_name": ["Chọn tên khác."]})

    assert form.run(service, **form.validated) is None
    assert form.status == 409
    assert form.non_field_errors() == ["Tên đã có người dùng."]
    assert form.errors["name"] == ["Chọn tên khác."]
    html = form.as_div()
    assert 'role="alert"' in html and "Chọn tên khác." in html


def test_a_form_returns_what_the_service_returns():
    form = _NameForm({"name": "HTX"})
    assert form.is_valid()

    assert form.run(lambda **f: f["display_name"] + "!", **form.validated) == "HTX!"
    assert form.status == 200
    assert form.run(lambda: (_ for _ in ()).throw(ValidationFailed("Sai."))) is None
    assert form.status == 400


def test_menus_list_only_the_pages_that_exist(rf):
    request = rf.get("/ban-hang/")
    labels = [str(item["label"]) for item in nav.account_menu(request)]

    assert "Kênh người bán" in labels
    current = [item for item in nav.account_menu(request) if item["current"]]
    assert [item["url"] for item in current] == ["/ban-hang/"]
    # every URL name in the menus is one of the site's, or not built yet: none is misspelt
    assert all(name.startswith("web:") for name, _label in nav.ACCOUNT_MENU + nav.SELLER_MENU)


def test_a_form_renders_the_same_whether_written_form_or_form_as_div():
    form = _NameForm({"name": ""})
    assert not form.is_valid()

    assert str(form) == form.as_div()
    assert 'class="field has-error' in str(form) and "<label" in str(form)
