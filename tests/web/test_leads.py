"""The leads board (issue 15, D204): public leads only, filter links by kind, category and
province, newest or expiring first, and a lead's contact only for those the API shows it to."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from leads.models import Lead, LeadStatus
from tests.factories import PHU_THO, MembershipFactory, UserFactory, VendorFactory, category, unit

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}
TODAY = timezone.localdate()


def make_lead(
    poster,
    slug,
    title,
    *,
    kind="buy",
    cat="gao-ngu-coc",
    days=30,
    status=LeadStatus.PUBLISHED,
    ago=0,
    province=PHU_THO,
    vendor=None,
):
    return Lead.objects.create(
        kind=kind,
        slug=slug,
        title=title,
        category=category(cat),
        quantity=5000,
        unit=unit("kg"),
        province_id=province,
        expires_on=TODAY + dt.timedelta(days=days),
        target_price=18000,
        contact_name="Lê Văn Mua",
        contact_phone="0912345678",
        contact_email="mua@example.vn",
        poster=poster,
        vendor=vendor,
        status=status,
        published_at=timezone.now() - dt.timedelta(hours=ago)
        if status == LeadStatus.PUBLISHED
        else None,
    )


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/tin-mua-ban/[^"]+/">([^<]+)</a></h2>', html)


@pytest.fixture
def leads(buyer):
    return [
        make_lead(buyer, "can-mua-gao", "Cần mua gạo Khang Dân", ago=1, days=40),
        make_lead(
            buyer,
            "ban-che",
            "Bán chè xanh",
            kind="sell",
            cat="do-uong",
            ago=5,
            days=3,
            vendor=VendorFactory(),
        ),
        make_lead(buyer, "cho-duyet", "Tin chờ duyệt", status=LeadStatus.PENDING),
        make_lead(buyer, "het-han", "Tin hết hạn", days=0, ago=30),
    ]


def test_the_board_lists_public_leads_newest_first(client, leads):
    response = client.get("/tin-mua-ban/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30"
    assert _titles(html) == ["Cần mua gạo Khang Dân", "Bán chè xanh"]
    assert "<h1>Tin mua bán</h1>" in html
    # Filters are links a crawler can follow.
    assert 'href="?kind=buy"' in html and 'href="?ordering=expiring"' in html
    assert 'href="?category=do-uong"' in html and f'href="?province={PHU_THO}"' in html


def test_filters_by_kind_category_and_ordering(client, leads):
    sell = _titles(client.get("/tin-mua-ban/?kind=sell", **HTML).content.decode())
    drinks = _titles(client.get("/tin-mua-ban/?category=do-uong", **HTML).content.decode())
    food = _titles(client.get("/tin-mua-ban/?category=thuc-pham", **HTML).content.decode())
    expiring = _titles(client.get("/tin-mua-ban/?ordering=expiring", **HTML).content.decode())
    elsewhere = _titles(client.get("/tin-mua-ban/?province=1", **HTML).content.decode())

    assert sell == ["Bán chè xanh"]
    assert drinks == ["Bán chè xanh"]
    assert food == ["Cần mua gạo Khang Dân"]  # a category takes in its descendants
    assert expiring == ["Bán chè xanh", "Cần mua gạo Khang Dân"]
    assert elsewhere == []
    # Hand-typed nonsense shows the whole board, never an error.
    for junk in ("province=" + "9" * 5000, "province=%C2%B2", "kind=x&category=nope&ordering=z"):
        response = client.get(f"/tin-mua-ban/?{junk}", **HTML)
        assert response.status_code == 200
        assert len(_titles(response.content.decode())) == 2


def test_a_lead_hides_its_contact_from_visitors_and_buyers(client, leads):
    anonymous = client.get("/tin-mua-ban/can-mua-gao/", **HTML)
    client.force_login(UserFactory())
    buyer_view = client.get("/tin-mua-ban/can-mua-gao/", **HTML)

    assert anonymous.status_code == buyer_view.status_code == 200
    assert anonymous["Cache-Control"] == "public, max-age=30"
    for response in (anonymous, buyer_view):
        html = response.content.decode()
        assert "<h1>Cần mua gạo Khang Dân</h1>" in html
        assert "0912345678" not in html and "mua@example.vn" not in html
        assert "Thông tin liên hệ chỉ hiện với thành viên các gian hàng trên sàn." in html
    assert 'href="/dang-nhap/?next=/tin-mua-ban/can-mua-gao/"' in anonymous.content.decode()
    assert buyer_view["Cache-Control"].startswith("private")


def test_a_storefront_member_sees_the_contact(client, leads):
    member = UserFactory()
    MembershipFactory(vendor=VendorFactory(), user=member)
    client.force_login(member)

    html = client.get("/en/tin-mua-ban/can-mua-gao/", **HTML).content.decode()

    assert '<html lang="en">' in html
    assert '<a href="tel:0912345678">0912345678</a>' in html
    assert "mua@example.vn" in html


def test_pending_and_expired_leads_are_404(client, leads):
    assert client.get("/tin-mua-ban/cho-duyet/", **HTML).status_code == 404
    assert client.get("/tin-mua-ban/het-han/", **HTML).status_code == 404
